using ExplainHub.Engine.Networks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ExplainHub.Engine.Perturbation;

/// <summary>
/// Seed 004's combined model as a network of the engine: the autoencoder's output is what the classifier sees. It
/// answers as the classifier does — its layers, head, CAM geometry and excitation rules are the classifier's — but
/// every pass starts with the autoencoder (<see cref="Standardize"/>), so CAM, Grad-CAM and feature maps show the
/// classifier on the transformed image, and an input gradient passes the classifier and then the autoencoder.
/// The classifier is registered first, so the first convolutions a walk over the modules meets are the classifier's.
/// </summary>
public sealed class PerturbedNetwork : GapNetwork
{
    public PerturbedNetwork(UNetAutoencoder autoencoder, GapNetwork classifier)
        : base("autoencoder-perturbed")
    {
        Autoencoder = autoencoder;
        Classifier = classifier;
        register_module("classifier", classifier);
        register_module("autoencoder", autoencoder);
    }

    public UNetAutoencoder Autoencoder { get; }

    public GapNetwork Classifier { get; }

    public override Linear Head => Classifier.Head;

    public override IReadOnlyList<NetworkStage> Stages => Classifier.Stages;

    public override IReadOnlyList<ExcitationStep>? ExcitationSteps(int stage) => Classifier.ExcitationSteps(stage);

    public override string ExcitationLayer => Classifier.ExcitationLayer;

    public override int MinInputSize => Classifier.MinInputSize;

    public override Tensor InputMean => Classifier.InputMean;

    public override Tensor InputStd => Classifier.InputStd;

    /// <summary>The autoencoder mixes the whole image into every pixel it outputs.</summary>
    public override bool LocalInput => false;

    /// <summary>The classifier's standardisation of the autoencoder's output.</summary>
    public override Tensor Standardize(Tensor x)
    {
        using var transformed = Autoencoder.call(x);
        return Classifier.Standardize(transformed);
    }
}
