using ExplainHub.Engine.Models;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Explain;

/// <summary>
/// Grad-CAM (Selvaraju et al. 2017, "Grad-CAM: visual explanations from deep networks via gradient-based
/// localization", eq. 1–2; seed 004 §4.2): α_k^c = mean_ij ∂y^c/∂A_k(i,j) at a named layer A, map Σ_k α_k^c A_k.
/// The raw map is that signed sum; H is its ReLU (eq. 2) divided by its maximum. At the last block of a GAP→linear
/// network it is CAM divided by the grid's size.
/// </summary>
public sealed class GradCam : IImportanceFunction
{
    public const string LayerParameter = "layer";

    public MethodInfo Info { get; } = new(
        ExplanationMethods.GradCam,
        "Grad-CAM",
        "Selvaraju et al. 2017, eq. 1–2",
        "a network (gradients with respect to a layer's activations)",
        [new(LayerParameter, MethodParameterKind.Text, "last", "the layer whose activations are weighted ('last' = the block GAP reads; 'explainhub methods' lists a model's layers)")]);

    public string? WhyNot(IClassifier model) => NetworkRequirement.WhyNot(model, Info.Name);

    public ImportanceMaps Explain(IClassifier model, ImportanceInput input, MethodSettings settings)
    {
        var network = NetworkRequirement.Network(model, Info.Name).Network;
        var layer = settings.Text(LayerParameter);
        var result = network.GradCam(input.Images, input.Targets, layer is "last" or "" ? null : layer);
        var heat = new float[result.Maps.Length];
        var pixels = result.Height * result.Width;
        for (var i = 0; i < result.Count; i++)
        {
            var raw = result.Maps.AsSpan(i * pixels, pixels);
            var target = heat.AsSpan(i * pixels, pixels);
            var max = 0f;
            foreach (var v in raw)
            {
                max = Math.Max(max, v);
            }

            for (var p = 0; p < pixels; p++)
            {
                target[p] = max > 0 ? Math.Max(raw[p], 0) / max : 0;
            }
        }

        return new ImportanceMaps(result.Count, result.Height, result.Width, result.Maps, heat, result.Targets, result.Probabilities);
    }
}
