using ExplainHub.Engine.Native;
using ExplainHub.Engine.Linalg;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// Kernel PCA followed by a one-vs-rest linear SVM on the components. Its internal representation per class is the
/// pre-image of the SVM's weight w_c through the learned inverse map (seed 000 Figures 9–11): what the class
/// "looks like" to the model, since a kernel PCA has no exact way back to pixels.
/// </summary>
public sealed class KernelPcaSvmClassifier : ClassicalClassifier
{
    public KernelPcaSvmClassifier(ModelInfo info, ImageShape shape, KernelPcaProjection projection, LinearSvmModel svm)
        : base(info, shape)
    {
        if (projection.Dimension != shape.Pixels || svm.Dimension != projection.Components || svm.Classes != info.ClassNames.Count)
        {
            throw new ArgumentException("The kernel PCA, the SVM and the image shape do not fit together.");
        }

        Projection = projection;
        Svm = svm;
    }

    public KernelPcaProjection Projection { get; }

    public LinearSvmModel Svm { get; }

    /// <summary>The pre-image of w_c: pixels, one image per class.</summary>
    public float[] ClassPreImage(int classIndex) => Projection.PreImages(Svm.Weights[classIndex], 1);

    protected override float[] PredictRows(ReadOnlySpan<float> rows, int count) => Svm.Probabilities(Projection.Transform(rows, count), count);

    public override void Save(string directory)
    {
        var p = Projection;
        SavedModel.Write(directory, new SavedModelDescription<KernelPcaSvmDetails>(Info, Channels, Height, Width,
            new KernelPcaSvmDetails(p.Kernel, p.Eigenvalues, p.ColumnMeans, p.GrandMean, Svm.Temperature, Svm.Intercepts)));
        ArrayFile.Write(Path.Combine(directory, KernelPcaSvmDetails.BasisFile), p.Basis, p.FitCount, p.Dimension);
        ArrayFile.Write(Path.Combine(directory, KernelPcaSvmDetails.AlphasFile), Array.ConvertAll(p.Alphas, v => (float)v), p.FitCount, p.Components);
        ArrayFile.Write(Path.Combine(directory, KernelPcaSvmDetails.FitComponentsFile), p.FitComponents, p.FitCount, p.Components);
        ArrayFile.Write(Path.Combine(directory, KernelPcaSvmDetails.DualFile), Array.ConvertAll(p.DualCoefficients, v => (float)v), p.FitCount, p.Dimension);
        ArrayFile.WriteRows(Path.Combine(directory, KernelPcaSvmDetails.WeightsFile), Svm.Weights);
    }

    public static KernelPcaSvmClassifier Load(string directory)
    {
        var description = SavedModel.Read<KernelPcaSvmDetails>(directory);
        var details = description.Details;
        var basis = ArrayFile.Read(Path.Combine(directory, KernelPcaSvmDetails.BasisFile));
        double[] Doubles(string file) => Array.ConvertAll(ArrayFile.Read(Path.Combine(directory, file)).Values, v => (double)v);
        var projection = new KernelPcaProjection(details.Kernel, basis.Values, basis.Columns, details.Eigenvalues,
            Doubles(KernelPcaSvmDetails.AlphasFile), details.ColumnMeans, details.GrandMean,
            ArrayFile.Read(Path.Combine(directory, KernelPcaSvmDetails.FitComponentsFile)).Values, Doubles(KernelPcaSvmDetails.DualFile));
        var svm = new LinearSvmModel(ArrayFile.ReadRows(Path.Combine(directory, KernelPcaSvmDetails.WeightsFile)), details.Intercepts, details.Temperature);
        return new KernelPcaSvmClassifier(description.Info, new ImageShape(description.Channels, description.Height, description.Width), projection, svm);
    }
}

/// <summary>model.json details of kernel PCA + SVM; the fit set, alphas, inverse map and SVM weights are array files beside it.</summary>
public sealed record KernelPcaSvmDetails(
    KernelFunction Kernel, double[] Eigenvalues, double[] ColumnMeans, double GrandMean, double Temperature, double[] Intercepts)
{
    public const string BasisFile = "kpca-basis.f32";
    public const string AlphasFile = "kpca-alphas.f32";
    public const string FitComponentsFile = "kpca-fit-components.f32";
    public const string DualFile = "kpca-inverse.f32";
    public const string WeightsFile = "svm-weights.f32";
}
