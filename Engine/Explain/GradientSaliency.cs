using ExplainHub.Engine.Models;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Explain;

/// <summary>
/// Gradient saliency (seed 002 §3, "grad": m_i = |∂p(I = y|w)/∂I[i]|; Simonyan et al. 2014 take the largest
/// magnitude over colour channels), dilated 0, 2 or 5 times by a 3×3 kernel (seed 002 §5.2) to make the regions
/// continuous. The raw map is the signed gradient summed over channels; H is the dilated magnitude, normalised.
/// <c>of=score</c> differentiates the logit instead of the probability.
/// </summary>
public sealed class GradientSaliency : IImportanceFunction
{
    public const string DilationsParameter = "dilations";
    public const string OfParameter = "of";

    public MethodInfo Info { get; } = new(
        ExplanationMethods.Gradient,
        "Gradient saliency",
        "seed 002 §3 (grad) and §5.2; Simonyan et al. 2014",
        "a network (gradients with respect to the input)",
        [
            new(DilationsParameter, MethodParameterKind.Integer, "0", "3×3 dilations of the magnitude (the seed uses 0, 2 and 5)", 0, 50),
            new(OfParameter, MethodParameterKind.Choice, "probability", "differentiate the class probability p_y or its logit", Choices: ["probability", "score"]),
        ]);

    public string? WhyNot(IClassifier model) => NetworkRequirement.WhyNot(model, Info.Name);

    public ImportanceMaps Explain(IClassifier model, ImportanceInput input, MethodSettings settings)
    {
        var network = NetworkRequirement.Network(model, Info.Name).Network;
        var dilations = settings.Integer(DilationsParameter);
        var gradients = network.InputGradients(input.Images, input.Targets, settings.Choice(OfParameter) == "probability");
        var pixels = gradients.Height * gradients.Width;
        var raw = new float[gradients.Count * pixels];
        var heat = new float[raw.Length];
        var magnitude = new float[pixels];
        for (var i = 0; i < gradients.Count; i++)
        {
            var image = gradients.Values.AsSpan(i * gradients.Channels * pixels, gradients.Channels * pixels);
            MapOperations.SumChannels(image, gradients.Channels, raw.AsSpan(i * pixels, pixels));
            MapOperations.MaxAbsChannels(image, gradients.Channels, magnitude);
            var dilated = MapOperations.Dilate(magnitude, gradients.Height, gradients.Width, dilations);
            Heatmap.Normalize(dilated).CopyTo(heat.AsSpan(i * pixels, pixels));
        }

        return new ImportanceMaps(gradients.Count, gradients.Height, gradients.Width, raw, heat, gradients.Targets, gradients.Probabilities);
    }
}
