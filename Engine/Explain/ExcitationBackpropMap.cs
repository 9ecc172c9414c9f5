using ExplainHub.Engine.Models;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Explain;

/// <summary>
/// Excitation backprop (Zhang et al. 2016, "Top-down neural attention by excitation backprop", eq. 5–7) and its
/// contrastive form c-MWP (eq. 8; seed 002 §3 and §5.2, "H from the pool2 layer"): the marginal winning probability
/// of each neuron of a layer for the class, summed over channels and placed on the input. The MWP map is
/// non-negative and sums to 1 over the layer's grid before upsampling; c-MWP subtracts the dual unit's MWP and
/// keeps what is positive. H is the map divided by its maximum. The rules are in <see cref="Networks.ExcitationBackprop"/>.
/// </summary>
public sealed class ExcitationBackpropMap(bool contrastive) : IImportanceFunction
{
    public const string LayerParameter = "layer";

    public MethodInfo Info { get; } = new(
        contrastive ? ExplanationMethods.ContrastiveExcitation : ExplanationMethods.Excitation,
        contrastive ? "Contrastive excitation backprop (c-MWP)" : "Excitation backprop (MWP)",
        contrastive ? "Zhang et al. 2016, eq. 8; seed 002 §3" : "Zhang et al. 2016, eq. 5–7",
        "a network of convolutions, ReLUs, max-pools and batch norms up to the layer",
        [new(LayerParameter, MethodParameterKind.Text, "auto", "the layer the probabilities are read at ('auto' = pool2 or its equivalent, as in seed 002; 'last' = the block GAP reads)")]);

    public string? WhyNot(IClassifier model) => model is ConvNetClassifier network
        ? network.Network.ExcitationGap(network.Network.ExcitationLayer)
        : NetworkRequirement.WhyNot(model, Info.Name);

    public ImportanceMaps Explain(IClassifier model, ImportanceInput input, MethodSettings settings)
    {
        var network = NetworkRequirement.Network(model, Info.Name).Network;
        var layer = settings.Text(LayerParameter) switch
        {
            "auto" or "" => network.ExcitationLayer,
            "last" => network.LayerNames[^1],
            var named => named,
        };
        if (network.ExcitationGap(layer) is { } gap)
        {
            throw new EngineException(EngineErrorKind.InvalidRequest, gap + ".");
        }

        var result = network.Excitation(input.Images, input.Targets, layer, contrastive);
        var heat = new float[result.Maps.Length];
        var pixels = result.Height * result.Width;
        for (var i = 0; i < result.Count; i++)
        {
            var raw = result.Maps.AsSpan(i * pixels, pixels);
            var max = 0f;
            foreach (var v in raw)
            {
                max = Math.Max(max, v);
            }

            for (var p = 0; p < pixels; p++)
            {
                heat[(i * pixels) + p] = max > 0 ? Math.Max(raw[p], 0) / max : 0;
            }
        }

        return new ImportanceMaps(result.Count, result.Height, result.Width, result.Maps, heat, result.Targets, result.Probabilities);
    }
}
