using static TorchSharp.torch;

namespace ExplainHub.Engine.Networks;

/// <summary>
/// A module's parameters marked as needing no gradient until disposed, then put back as they were: for passes that
/// differentiate with respect to an input or an activation only (saliency, Grad-CAM), so autograd records no weight
/// gradients and <see cref="NnpackConvolution"/> may take its input-gradient-only path. The caller holds the
/// network's lock for the whole scope, so no training step sees the parameters frozen.
/// </summary>
internal sealed class FrozenParameters : IDisposable
{
    private readonly TorchSharp.Modules.Parameter[] frozen;

    public FrozenParameters(nn.Module module)
    {
        frozen = [.. module.parameters().Where(p => p.requires_grad)];
        foreach (var parameter in frozen)
        {
            parameter.requires_grad = false;
        }
    }

    public void Dispose()
    {
        foreach (var parameter in frozen)
        {
            parameter.requires_grad = true;
        }
    }
}
