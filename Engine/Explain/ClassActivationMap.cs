using ExplainHub.Engine.Models;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Explain;

/// <summary>
/// CAM (Zhou et al. 2016, "Learning deep features for discriminative localization", eq. 2; seed 000 §3.2, seed 001):
/// for a GAP→linear head, M_c(x,y) = Σ_k w_k^c F_k(x,y), upsampled to the input so each feature cell sits at its
/// receptive-field centre. H is the min–max normalised map.
/// </summary>
public sealed class ClassActivationMap : IImportanceFunction
{
    public MethodInfo Info { get; } = new(
        ExplanationMethods.Cam,
        "Class activation map",
        "Zhou et al. 2016, eq. 2",
        "a network with a global-average-pooling head",
        []);

    public string? WhyNot(IClassifier model) => model is ConvNetClassifier
        ? null
        : $"CAM needs a network with a global-average-pooling head; a {model.Info.Kind} has none — occlusion explains any model";

    public ImportanceMaps Explain(IClassifier model, ImportanceInput input, MethodSettings settings)
    {
        var network = NetworkRequirement.Network(model, Info.Name);
        var cam = network.Network.Cam(input.Images, input.Targets);
        return ImportanceMaps.MinMax(cam.Count, cam.Height, cam.Width, cam.Maps, cam.Targets, cam.Probabilities);
    }
}
