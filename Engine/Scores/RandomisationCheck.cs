using ExplainHub.Engine.Explain.Agreement;
using ExplainHub.Engine.Models;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Scores;

/// <summary>
/// The model-randomisation sanity check (Adebayo et al. 2018, "Sanity checks for saliency maps", §3.1): a copy of
/// the network gets fresh weights part by part from the head down, and after each part the function's maps on the same
/// images and classes are compared with the trained network's by Spearman's rank correlation of H. A function that
/// explains the model, not the image, loses that correlation quickly. Only networks have parts to randomise.
/// </summary>
public static class RandomisationCheck
{
    public static RandomisationRow? Run(PlannedExplainer explainer, float[] images, int count, long[] targets, float[] trainedHeat, CancellationToken cancellationToken, long seed = 0)
    {
        if (explainer.Model is not ConvNetClassifier network)
        {
            return null;
        }

        var pixels = network.Height * network.Width;
        using var copy = new ConvNetClassifier(network.Info, network.Network.Clone());
        var layers = copy.Network.CascadeLayers;
        var correlations = new List<double>();
        for (var k = 0; k < layers.Count; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            copy.Network.Reinitialize(layers[k], seed + k);
            var heat = EvaluationRun.HeatMaps(explainer, images, count, targets, cancellationToken, copy);
            correlations.Add(Enumerable.Range(0, count).Average(i =>
            {
                var r = RankCorrelation.Spearman(trainedHeat.AsSpan(i * pixels, pixels), heat.AsSpan(i * pixels, pixels));
                return double.IsFinite(r) ? r : 0;
            }));
        }

        return new RandomisationRow(network.Info.Id, explainer.RowName, layers, correlations, count);
    }
}
