using ExplainHub.Shared;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// PCA followed by a one-vs-rest linear SVM in component space. Its internal representation is the SVM weight
/// mapped back to pixels, w_c^p = Pᵀw_c (seed 000 §3.1); with b_c^p = ρ_c − w_c^p·μ the pixel-space score
/// w_c^p·x + b_c^p equals the SVM's decision on the components, so Hadamard maps explain exactly what it decides.
/// </summary>
public sealed class PcaSvmClassifier : ClassicalClassifier, ILinearPixelModel
{
    private readonly float[][] pixelWeights;
    private readonly double[] pixelBiases;

    public PcaSvmClassifier(ModelInfo info, ImageShape shape, PcaProjection projection, LinearSvmModel svm)
        : base(info, shape)
    {
        if (projection.Dimension != shape.Pixels || svm.Dimension != projection.Components || svm.Classes != info.ClassNames.Count)
        {
            throw new ArgumentException("The PCA, the SVM and the image shape do not fit together.");
        }

        Projection = projection;
        Svm = svm;
        pixelWeights = new float[svm.Classes][];
        pixelBiases = new double[svm.Classes];
        for (var c = 0; c < svm.Classes; c++)
        {
            var w = projection.ToPixels(svm.Weights[c]);
            double shift = 0;
            for (var j = 0; j < w.Length; j++)
            {
                shift += w[j] * projection.Mean[j];
            }

            pixelWeights[c] = Array.ConvertAll(w, v => (float)v);
            pixelBiases[c] = svm.Intercepts[c] - shift;
        }
    }

    public PcaProjection Projection { get; }

    public LinearSvmModel Svm { get; }

    public float[] PixelWeights(int classIndex) => pixelWeights[classIndex];

    public double PixelBias(int classIndex) => pixelBiases[classIndex];

    /// <summary>The SVM's decision values on the components of count images.</summary>
    public double[] DecisionValues(ReadOnlySpan<float> images, int count) => Svm.DecisionValues(Projection.Transform(images, count), count);

    protected override float[] PredictRows(ReadOnlySpan<float> rows, int count) => Svm.Probabilities(Projection.Transform(rows, count), count);

    public override void Save(string directory)
    {
        SavedModel.Write(directory, new SavedModelDescription<PcaSvmDetails>(Info, Channels, Height, Width,
            new PcaSvmDetails(Projection.Variances, Projection.TotalVariance, Projection.ExplainedVarianceRatio, Svm.Temperature, Svm.Intercepts)));
        ArrayFile.Write(Path.Combine(directory, PcaSvmDetails.MeanFile), Projection.Mean, 1, Projection.Dimension);
        Projection.Save(Path.Combine(directory, PcaSvmDetails.AxesFile));
        ArrayFile.WriteRows(Path.Combine(directory, PcaSvmDetails.WeightsFile), Svm.Weights);
    }

    public static PcaSvmClassifier Load(string directory)
    {
        var description = SavedModel.Read<PcaSvmDetails>(directory);
        var details = description.Details;
        var mean = ArrayFile.Read(Path.Combine(directory, PcaSvmDetails.MeanFile)).Values;
        var axes = ArrayFile.Read(Path.Combine(directory, PcaSvmDetails.AxesFile)).Values;
        var weights = ArrayFile.ReadRows(Path.Combine(directory, PcaSvmDetails.WeightsFile));
        var projection = new PcaProjection(mean, axes, details.Variances, details.TotalVariance);
        return new PcaSvmClassifier(description.Info, new ImageShape(description.Channels, description.Height, description.Width),
            projection, new LinearSvmModel(weights, details.Intercepts, details.Temperature));
    }
}

/// <summary>model.json details of PCA+SVM; mean, axes and SVM weights are float32 array files beside it.</summary>
public sealed record PcaSvmDetails(double[] Variances, double TotalVariance, double ExplainedVarianceRatio, double Temperature, double[] Intercepts)
{
    public const string MeanFile = "pca-mean.f32";
    public const string AxesFile = "pca-axes.f32";
    public const string WeightsFile = "svm-weights.f32";
}
