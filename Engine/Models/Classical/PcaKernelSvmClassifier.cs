using ExplainHub.Shared;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// PCA followed by a kernel SVC (LIBSVM) on the components: scikit-learn's PCA(128) + SVC(rbf) pipeline of
/// seed 000. A non-linear kernel has no pixel weight image, so it is explained by model-agnostic maps; the PCA's
/// explained variance is kept for the model card.
/// </summary>
public sealed class PcaKernelSvmClassifier : ClassicalClassifier
{
    public PcaKernelSvmClassifier(ModelInfo info, ImageShape shape, PcaProjection projection, KernelSvmModel svm)
        : base(info, shape)
    {
        if (projection.Dimension != shape.Pixels || svm.Dimension != projection.Components || svm.Classes != info.ClassNames.Count)
        {
            throw new ArgumentException("The PCA, the SVC and the image shape do not fit together.");
        }

        Projection = projection;
        Svm = svm;
    }

    public PcaProjection Projection { get; }

    public KernelSvmModel Svm { get; }

    protected override float[] PredictRows(ReadOnlySpan<float> rows, int count) => Svm.Probabilities(Projection.Transform(rows, count), count);

    public override void Save(string directory)
    {
        var svm = Svm.Save(directory);
        SavedModel.Write(directory, new SavedModelDescription<PcaKernelSvmDetails>(Info, Channels, Height, Width,
            new PcaKernelSvmDetails(Projection.Variances, Projection.TotalVariance, Projection.ExplainedVarianceRatio, svm)));
        ArrayFile.Write(Path.Combine(directory, PcaSvmDetails.MeanFile), Projection.Mean, 1, Projection.Dimension);
        Projection.Save(Path.Combine(directory, PcaSvmDetails.AxesFile));
    }

    public static PcaKernelSvmClassifier Load(string directory)
    {
        var description = SavedModel.Read<PcaKernelSvmDetails>(directory);
        var details = description.Details;
        var mean = ArrayFile.Read(Path.Combine(directory, PcaSvmDetails.MeanFile)).Values;
        var axes = ArrayFile.Read(Path.Combine(directory, PcaSvmDetails.AxesFile)).Values;
        var projection = new PcaProjection(mean, axes, details.Variances, details.TotalVariance);
        var svm = KernelSvmModel.Load(directory, details.Svm);
        try
        {
            return new PcaKernelSvmClassifier(description.Info, new ImageShape(description.Channels, description.Height, description.Width), projection, svm);
        }
        catch
        {
            svm.Dispose();
            throw;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Svm.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>model.json details of PCA + kernel SVC: the PCA's variances and the SVC's own details (its files live beside them).</summary>
public sealed record PcaKernelSvmDetails(double[] Variances, double TotalVariance, double ExplainedVarianceRatio, KernelSvmDetails Svm);
