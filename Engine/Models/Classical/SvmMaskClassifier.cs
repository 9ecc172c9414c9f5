using ExplainHub.Shared;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// SVM+Mask (seed 001): a one-vs-rest linear SVM (LIBLINEAR) on images masked to the top <see cref="MaskFraction"/>
/// of their pixels by the network's CAM for its predicted class. Training and prediction mask the same way, so the
/// SVM never sees what the network ignored.
/// </summary>
public sealed class SvmMaskClassifier : HybridClassifier
{
    public SvmMaskClassifier(ModelInfo info, ImageShape shape, ConvNetClassifier source, double maskFraction, LinearSvmModel svm)
        : base(info, shape, source)
    {
        if (svm.Dimension != shape.Pixels || svm.Classes != info.ClassNames.Count)
        {
            throw new ArgumentException("The SVM does not fit the images and classes.");
        }

        MaskFraction = maskFraction;
        Svm = svm;
    }

    public double MaskFraction { get; }

    public LinearSvmModel Svm { get; }

    /// <summary>The masked images the SVM reads.</summary>
    public float[] Masked(ReadOnlySpan<float> images, int count, FitMonitor? monitor = null) =>
        Mask(Source, images, count, MaskFraction, monitor);

    internal static float[] Mask(ConvNetClassifier source, ReadOnlySpan<float> images, int count, double fraction, FitMonitor? monitor)
    {
        var cams = SourceNetwork.PredictedClassCams(source, images, count, monitor);
        return CamMask.Apply(images, cams, count, source.Channels, source.Height * source.Width, fraction);
    }

    protected override float[] PredictRows(ReadOnlySpan<float> rows, int count) => Svm.Probabilities(Masked(rows, count), count);

    public override void Save(string directory)
    {
        SavedModel.Write(directory, new SavedModelDescription<SvmMaskDetails>(Info, Channels, Height, Width,
            new SvmMaskDetails(Source.Info.Id, Source.Info.Kind, MaskFraction, Svm.Temperature, Svm.Intercepts)));
        ArrayFile.WriteRows(Path.Combine(directory, LinearSvmDetails.WeightsFile), Svm.Weights);
        SourceNetwork.Save(Source, directory);
    }

    public static SvmMaskClassifier Load(string directory)
    {
        var description = SavedModel.Read<SvmMaskDetails>(directory);
        var details = description.Details;
        var weights = ArrayFile.ReadRows(Path.Combine(directory, LinearSvmDetails.WeightsFile));
        return LoadOnSource(directory, source => new SvmMaskClassifier(description.Info,
            new ImageShape(description.Channels, description.Height, description.Width), source,
            details.MaskFraction, new LinearSvmModel(weights, details.Intercepts, details.Temperature)));
    }
}

/// <summary>model.json details of SVM+Mask: the network it was built on, rho and the SVM's intercepts.</summary>
public sealed record SvmMaskDetails(string SourceModelId, string SourceKind, double MaskFraction, double Temperature, double[] Intercepts);
