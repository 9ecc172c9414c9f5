using ExplainHub.Engine.Models;
using ExplainHub.Engine.Models.Classical;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Explain;

/// <summary>
/// Tree contributions per pixel: TreeSHAP (Lundberg et al. 2020, "From local explanations to global understanding
/// with explainable AI for trees", Algorithm 2) over the forest's trees — Shapley values of each pixel in the class's
/// output, which with the bias sum exactly to it: the probability of a Breiman forest (<see cref="TreeShap"/>), the
/// softmax margin of an XGBoost forest (XGBoost's pred_contribs). The raw map
/// is the signed contribution (colour channels summed); H its min–max normalisation.
/// </summary>
public sealed class TreeContributions : IImportanceFunction
{
    public MethodInfo Info { get; } = new(
        ExplanationMethods.TreeContributions,
        "Tree contributions (TreeSHAP)",
        "Lundberg et al. 2020, Algorithm 2",
        "a tree ensemble whose output is a sum over trees (random forest)",
        []);

    public string? WhyNot(IClassifier model) => model is ITreeContributionModel
        ? null
        : model is AdaBoostClassifier
            ? "AdaBoost's decision is a weighted vote of its rounds' predicted classes, not a sum of tree margins, so TreeSHAP does not apply — occlusion explains it"
            : $"tree contributions need a tree ensemble; a {model.Info.Kind} has no trees — occlusion explains any model";

    public ImportanceMaps Explain(IClassifier model, ImportanceInput input, MethodSettings settings)
    {
        var forest = model as ITreeContributionModel
            ?? throw new EngineException(EngineErrorKind.InvalidRequest, WhyNot(model) + ".");
        int channels = model.Channels, pixels = model.Height * model.Width;
        var features = channels * pixels;
        var classes = model.Info.ClassNames.Count;
        var probabilities = model.PredictProbabilities(input.Images, input.Count);
        var targets = MapOperations.ResolveTargets(input.Targets, probabilities, classes);
        var contributions = forest.Contributions(input.Images, input.Count);
        var raw = new float[input.Count * pixels];
        var perPixel = new float[features];
        for (var i = 0; i < input.Count; i++)
        {
            var row = contributions.AsSpan((int)(((i * classes) + targets[i]) * (features + 1)), features);
            for (var k = 0; k < features; k++)
            {
                perPixel[k] = (float)row[k];
            }

            MapOperations.SumChannels(perPixel, channels, raw.AsSpan(i * pixels, pixels));
        }

        return ImportanceMaps.MinMax(input.Count, model.Height, model.Width, raw, targets, probabilities);
    }
}
