using ExplainHub.Shared;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// CNN+SVM (seed 001): a one-vs-rest linear SVM (LIBLINEAR) on the GAP features of a trained network, standardised
/// per feature with the training set's mean and deviation. The network's CAM still shows where it looks: the SVM
/// reweights the same feature maps.
/// </summary>
public sealed class CnnSvmClassifier : HybridClassifier
{
    public CnnSvmClassifier(ModelInfo info, ImageShape shape, ConvNetClassifier source, FeatureScaling scaling, LinearSvmModel svm)
        : base(info, shape, source)
    {
        if (svm.Dimension != scaling.Mean.Length || svm.Classes != info.ClassNames.Count)
        {
            throw new ArgumentException("The feature scaling and the SVM do not fit the network's features and classes.");
        }

        Scaling = scaling;
        Svm = svm;
    }

    public FeatureScaling Scaling { get; }

    public LinearSvmModel Svm { get; }

    /// <summary>The standardised GAP features the SVM reads, count×K.</summary>
    public float[] Features(ReadOnlySpan<float> images, int count, FitMonitor? monitor = null) =>
        Scaling.Apply(SourceNetwork.Features(Source, images, count, monitor));

    protected override float[] PredictRows(ReadOnlySpan<float> rows, int count) => Svm.Probabilities(Features(rows, count), count);

    public override void Save(string directory)
    {
        SavedModel.Write(directory, new SavedModelDescription<CnnSvmDetails>(Info, Channels, Height, Width,
            new CnnSvmDetails(Source.Info.Id, Source.Info.Kind, Scaling.Mean, Scaling.Deviation, Svm.Temperature, Svm.Intercepts)));
        ArrayFile.WriteRows(Path.Combine(directory, LinearSvmDetails.WeightsFile), Svm.Weights);
        SourceNetwork.Save(Source, directory);
    }

    public static CnnSvmClassifier Load(string directory)
    {
        var description = SavedModel.Read<CnnSvmDetails>(directory);
        var details = description.Details;
        var weights = ArrayFile.ReadRows(Path.Combine(directory, LinearSvmDetails.WeightsFile));
        return LoadOnSource(directory, source => new CnnSvmClassifier(description.Info,
            new ImageShape(description.Channels, description.Height, description.Width), source,
            new FeatureScaling(details.FeatureMean, details.FeatureDeviation), new LinearSvmModel(weights, details.Intercepts, details.Temperature)));
    }
}

/// <summary>model.json details of CNN+SVM: which network it was built on, the feature scaling and the SVM's intercepts.</summary>
public sealed record CnnSvmDetails(
    string SourceModelId,
    string SourceKind,
    float[] FeatureMean,
    float[] FeatureDeviation,
    double Temperature,
    double[] Intercepts);
