using ExplainHub.Engine.Models;
using ExplainHub.Engine.Models.Classical;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Explain;

/// <summary>
/// Hadamard activation map (seed 000 §3.2): for a model whose class score is linear in the pixels,
/// s_c(x) = w_c·x + b_c, the map w_c ⊙ x says what each pixel adds to the score (the bias is the same for every
/// pixel, so it is left out); for PCA+SVM w_c is w_c^p, the class weights mapped back to pixels. The map sums to
/// s_c(x) − b_c; H is its min–max normalisation.
/// </summary>
public sealed class HadamardMap : IImportanceFunction
{
    public MethodInfo Info { get; } = new(
        ExplanationMethods.Hadamard,
        "Hadamard map w_c ⊙ x",
        "seed 000 §3.2",
        "a model linear in the pixels (linear SVM, PCA + linear SVM)",
        []);

    public string? WhyNot(IClassifier model) => model is ILinearPixelModel
        ? null
        : $"the Hadamard map needs a model linear in the pixels (linear SVM, PCA + SVM); a {model.Info.Kind} is not";

    public ImportanceMaps Explain(IClassifier model, ImportanceInput input, MethodSettings settings)
    {
        var linear = model as ILinearPixelModel
            ?? throw new EngineException(EngineErrorKind.InvalidRequest, WhyNot(model) + ".");
        int channels = model.Channels, pixels = model.Height * model.Width;
        var imageSize = channels * pixels;
        var classes = model.Info.ClassNames.Count;
        var probabilities = model.PredictProbabilities(input.Images, input.Count);
        var targets = MapOperations.ResolveTargets(input.Targets, probabilities, classes);
        var raw = new float[input.Count * pixels];
        var weights = new Dictionary<long, float[]>();
        var product = new float[imageSize];
        for (var i = 0; i < input.Count; i++)
        {
            if (!weights.TryGetValue(targets[i], out var w))
            {
                w = linear.PixelWeights((int)targets[i]);
                weights[targets[i]] = w;
            }

            var image = input.Images.AsSpan(i * imageSize, imageSize);
            for (var k = 0; k < imageSize; k++)
            {
                product[k] = w[k] * image[k];
            }

            MapOperations.SumChannels(product, channels, raw.AsSpan(i * pixels, pixels));
        }

        return ImportanceMaps.MinMax(input.Count, model.Height, model.Width, raw, targets, probabilities);
    }
}
