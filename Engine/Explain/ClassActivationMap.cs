using ExplainHub.Engine.Models;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Explain;

/// <summary>
/// CAM (Zhou et al. 2016; seed 001): for a GAP→linear head, M_c(x,y) = Σ_k w_k^c F_k(x,y), bilinearly upsampled
/// to the input. <see cref="Networks.TorchNetwork.Cam"/> computes it from the last conv block in one pass.
/// </summary>
public sealed class ClassActivationMap : IImportanceFunction
{
    public string Method => ExplanationMethods.Cam;

    public bool AppliesTo(IClassifier model) => model is ConvNetClassifier;

    public RawImportance Explain(IClassifier model, ReadOnlySpan<float> images, ReadOnlySpan<long> targets)
    {
        if (model is not ConvNetClassifier network)
        {
            throw new EngineException(EngineErrorKind.InvalidRequest,
                $"CAM needs a network with a global-average-pooling head; model '{model.Info.Id}' is a {model.Info.Kind}.");
        }

        var cam = network.Network.Cam(images, targets);
        return new RawImportance(cam.Count, cam.Height, cam.Width, cam.Maps, cam.Targets, cam.Probabilities);
    }
}
