using ExplainHub.Engine.Models;
using ExplainHub.Engine.Networks;
using static TorchSharp.torch;

namespace ExplainHub.Engine.Scores;

/// <summary>
/// p(· | w) of any model for a batch tensor of images in [0,1], in chunks the model can take at once; counts the
/// images it sent so a test or a bench can see that a step went through in one pass.
/// </summary>
public sealed class ModelProbabilities(IClassifier model)
{
    private const long FloatsPerCall = 16L << 20;

    public int Classes { get; } = model.Info.ClassNames.Count;

    public long ImagesClassified { get; private set; }

    /// <summary>Count×Classes probabilities, row-major.</summary>
    public float[] Of(Tensor images)
    {
        var count = (int)images.shape[0];
        var imageSize = (int)(images.numel() / Math.Max(1, count));
        var perCall = (int)Math.Clamp(FloatsPerCall / Math.Max(1, imageSize), 1, 1024);
        var probabilities = new float[count * Classes];
        // A network takes the tensor as it is; any other model reads floats.
        var values = model is ConvNetClassifier ? null : TensorData.ToFloats(images);
        for (var start = 0; start < count; start += perCall)
        {
            var take = Math.Min(perCall, count - start);
            var part = model is ConvNetClassifier network
                ? PredictPart(network, images, start, take)
                : model.PredictProbabilities(values.AsSpan(start * imageSize, take * imageSize), take);
            part.CopyTo(probabilities.AsSpan(start * Classes, take * Classes));
        }

        ImagesClassified += count;
        return probabilities;
    }

    private static float[] PredictPart(ConvNetClassifier network, Tensor images, int start, int take)
    {
        using var scope = NewDisposeScope();
        return network.Network.Predict(images.narrow(0, start, take));
    }
}
