using ExplainHub.Shared;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>One-vs-rest linear SVM on pixels; w_c as an image is its internal representation (seed 000 §3.1).</summary>
public sealed class LinearSvmClassifier : ClassicalClassifier, ILinearPixelModel
{
    public LinearSvmClassifier(ModelInfo info, ImageShape shape, LinearSvmModel model)
        : base(info, shape)
    {
        if (model.Dimension != shape.Pixels || model.Classes != info.ClassNames.Count)
        {
            throw new ArgumentException($"A {model.Classes}-class SVM of {model.Dimension} features does not fit {shape} images of {info.ClassNames.Count} classes.");
        }

        Model = model;
    }

    public LinearSvmModel Model { get; }

    public float[] PixelWeights(int classIndex) => Model.Weights[classIndex];

    public double PixelBias(int classIndex) => Model.Intercepts[classIndex];

    protected override float[] PredictRows(ReadOnlySpan<float> rows, int count) => Model.Probabilities(rows, count);

    public override void Save(string directory)
    {
        SavedModel.Write(directory, new SavedModelDescription<LinearSvmDetails>(Info, Channels, Height, Width,
            new LinearSvmDetails(Model.Temperature, Model.Intercepts)));
        ArrayFile.WriteRows(Path.Combine(directory, LinearSvmDetails.WeightsFile), Model.Weights);
    }

    public static LinearSvmClassifier Load(string directory)
    {
        var description = SavedModel.Read<LinearSvmDetails>(directory);
        var weights = ArrayFile.ReadRows(Path.Combine(directory, LinearSvmDetails.WeightsFile));
        var shape = new ImageShape(description.Channels, description.Height, description.Width);
        return new LinearSvmClassifier(description.Info, shape,
            new LinearSvmModel(weights, description.Details.Intercepts, description.Details.Temperature));
    }
}

/// <summary>model.json details of a linear SVM; the weights live in a float32 array file beside it.</summary>
public sealed record LinearSvmDetails(double Temperature, double[] Intercepts)
{
    public const string WeightsFile = "weights.f32";
}
