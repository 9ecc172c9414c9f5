using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ExplainHub.Engine.Perturbation;

/// <summary>
/// A trained classifier that an autoencoder is fine-tuned through (seed 004 §3.2): in evaluation mode, so batch norm
/// uses and never updates its running statistics and dropout is off, and with no parameter requiring a gradient, so
/// no optimiser step can reach it. Gradients still flow through it to its input, which is the autoencoder's output.
/// </summary>
public sealed class FrozenClassifier
{
    private readonly Module<Tensor, Tensor> _network;

    public FrozenClassifier(Module<Tensor, Tensor> network)
    {
        _network = network;
        Freeze();
    }

    /// <summary>Logits for <paramref name="images"/>; the network is put back in evaluation mode first, whatever touched it since.</summary>
    public Tensor Logits(Tensor images)
    {
        if (_network.training)
        {
            Freeze();
        }

        return _network.call(images);
    }

    private void Freeze()
    {
        _network.eval();
        foreach (var parameter in _network.parameters())
        {
            parameter.requires_grad = false;
        }
    }
}
