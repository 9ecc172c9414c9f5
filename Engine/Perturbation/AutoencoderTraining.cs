using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ExplainHub.Engine.Perturbation;

/// <summary>
/// The two training phases of seed 004 §3 on one autoencoder, each an Adam step on a batch of images in [0, 1]:
/// reconstruction, the binary cross-entropy between the output and the input; then fine-tuning, the frozen
/// classifier's cross-entropy on the output (the autoencoder learns to transform images so that the classifier gets
/// them right), plus the reconstruction term weighted by <c>reconstructionWeight</c> (0 is the seed's loss).
/// Only the autoencoder's parameters are optimised.
/// </summary>
public sealed class AutoencoderTraining : IDisposable
{
    private readonly UNetAutoencoder _autoencoder;
    private readonly TorchSharp.Modules.Adam _adam;

    public AutoencoderTraining(UNetAutoencoder autoencoder, double learningRate = 1e-3)
    {
        _autoencoder = autoencoder;
        _adam = TorchSharp.torch.optim.Adam(autoencoder.parameters(), learningRate);
    }

    /// <summary>One reconstruction step; returns the batch's loss before the step.</summary>
    public double ReconstructionStep(Tensor images)
    {
        using var scope = NewDisposeScope();
        _autoencoder.train();
        _adam.zero_grad();
        var loss = functional.binary_cross_entropy(_autoencoder.call(images), images);
        loss.backward();
        _adam.step();
        return loss.item<float>();
    }

    /// <summary>One fine-tuning step through <paramref name="classifier"/>; returns the batch's loss before the step.</summary>
    public double FineTuneStep(FrozenClassifier classifier, Tensor images, Tensor labels, double reconstructionWeight = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(reconstructionWeight);
        using var scope = NewDisposeScope();
        _autoencoder.train();
        _adam.zero_grad();
        var transformed = _autoencoder.call(images);
        var loss = functional.cross_entropy(classifier.Logits(transformed), labels);
        if (reconstructionWeight > 0)
        {
            loss = loss + (reconstructionWeight * functional.binary_cross_entropy(transformed, images));
        }

        loss.backward();
        _adam.step();
        return loss.item<float>();
    }

    public void Dispose() => _adam.Dispose();
}
