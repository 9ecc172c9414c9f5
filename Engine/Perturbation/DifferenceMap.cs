using static TorchSharp.torch;

namespace ExplainHub.Engine.Perturbation;

/// <summary>
/// Where the autoencoder changed an image (seed 004 Fig. 4.1): |output − input| averaged over channels, stretched per
/// image so that its largest change is 1. A zero change stays zero everywhere (nothing is stretched out of nothing),
/// so an autoencoder that returns its input gives a black map rather than noise.
/// </summary>
public static class DifferenceMap
{
    /// <summary>N×H×W maps in [0, 1] for N×C×H×W <paramref name="inputs"/> and <paramref name="outputs"/>.</summary>
    public static Tensor Of(Tensor inputs, Tensor outputs)
    {
        using var scope = NewDisposeScope();
        var change = (outputs - inputs).abs().mean([1]);
        var largest = change.flatten(1).amax([1]).view(-1, 1, 1);
        var stretched = where(largest > 0, change / largest.clamp_min(float.Epsilon), zeros_like(change));
        return stretched.MoveToOuterDisposeScope();
    }
}
