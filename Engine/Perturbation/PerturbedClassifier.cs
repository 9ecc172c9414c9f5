using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ExplainHub.Engine.Perturbation;

/// <summary>
/// The combined model of seed 004: the autoencoder's output is what the classifier sees. A module like any network, so
/// an input gradient taken through it passes the classifier and then the autoencoder back to the input image.
/// </summary>
public sealed class PerturbedClassifier : Module<Tensor, Tensor>
{
    private readonly UNetAutoencoder _autoencoder;
    private readonly Module<Tensor, Tensor> _classifier;

    public PerturbedClassifier(UNetAutoencoder autoencoder, Module<Tensor, Tensor> classifier)
        : base("perturbed")
    {
        _autoencoder = autoencoder;
        _classifier = classifier;
        register_module("autoencoder", autoencoder);
        register_module("classifier", classifier);
    }

    /// <summary>What the classifier is shown: the autoencoder's output for <paramref name="images"/>.</summary>
    public Tensor Transform(Tensor images) => _autoencoder.call(images);

    public override Tensor forward(Tensor input) => _classifier.call(_autoencoder.call(input));
}
