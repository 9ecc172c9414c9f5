using ExplainHub.Engine.Networks;
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
    private readonly double _learningRate;
    private TorchSharp.Modules.Adam _adam;

    public AutoencoderTraining(UNetAutoencoder autoencoder, double learningRate = 1e-3)
    {
        _autoencoder = autoencoder;
        _learningRate = learningRate;
        _adam = TorchSharp.torch.optim.Adam(autoencoder.parameters(), learningRate);
    }

    /// <summary>
    /// A fresh Adam for fine-tuning, as the reference's second optimiser: moments gathered on the reconstruction loss
    /// would scale and steer the first classifier-loss steps (β₂ = 0.999 remembers ~1,000 steps).
    /// </summary>
    public void StartFineTuning()
    {
        _adam.Dispose();
        _adam = TorchSharp.torch.optim.Adam(_autoencoder.parameters(), _learningRate);
    }

    /// <summary>One reconstruction step; returns the batch's loss before the step.</summary>
    public double ReconstructionStep(Tensor images)
    {
        using var scope = NewDisposeScope();
        _autoencoder.train();
        _adam.zero_grad();
        var output = Forward(images, "reconstruction");
        var loss = functional.binary_cross_entropy(output, images);
        return Step(loss, "reconstruction");
    }

    /// <summary>One fine-tuning step through <paramref name="classifier"/>; returns the batch's loss before the step.</summary>
    public double FineTuneStep(FrozenClassifier classifier, Tensor images, Tensor labels, double reconstructionWeight = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(reconstructionWeight);
        using var scope = NewDisposeScope();
        _autoencoder.train();
        _adam.zero_grad();
        var transformed = Forward(images, "fine-tuning");
        var loss = functional.cross_entropy(classifier.Logits(transformed), labels);
        if (reconstructionWeight > 0)
        {
            loss = loss + (reconstructionWeight * functional.binary_cross_entropy(transformed, images));
        }

        return Step(loss, "fine-tuning");
    }

    /// <summary>The autoencoder's weights and running statistics and Adam's moments, for resuming a run where it stopped.</summary>
    public void Save(string path)
    {
        using var file = File.Create(path);
        using var writer = new BinaryWriter(file);
        writer.Write(CheckpointMagic);
        _autoencoder.save(writer);
        _adam.save_state_dict(writer);
    }

    /// <summary>Restores <see cref="Save"/>; a file of anything else is refused in words.</summary>
    public void Load(string path)
    {
        using var file = File.OpenRead(path);
        using var reader = new BinaryReader(file);
        string magic;
        try
        {
            magic = reader.ReadString();
        }
        catch (EndOfStreamException)
        {
            magic = "";
        }

        if (magic != CheckpointMagic)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)} is not a checkpoint of an autoencoder run.");
        }

        _autoencoder.load(reader);
        _adam.load_state_dict(reader);
    }

    public void Dispose() => _adam.Dispose();

    private const string CheckpointMagic = "explainhub-autoencoder-checkpoint/1";

    // A NaN or infinite loss would be stepped into every weight and the autoencoder would give NaN from then on: the
    // run stops with the reason instead (seen: libtorch 2.10's oneDNN AVX2 kernels gave NaN gradients on 4- and
    // 8-channel U-Nets, never on 16 channels or more, nor with PyTorch 1.13 or oneDNN's SSE4.1 kernels).
    private Tensor Forward(Tensor images, string phase)
    {
        // Checked before the forward pass: in training mode it would fold the NaN into batch norm's running statistics.
        if (!images.isfinite().all().item<bool>())
        {
            throw NetworkException.Invalid("The images hold values that are not numbers; nothing was trained on them.");
        }

        var output = _autoencoder.call(images);
        return output.isfinite().all().item<bool>() ? output : throw Diverged(phase, float.NaN);
    }

    private double Step(Tensor loss, string phase)
    {
        var value = loss.item<float>();
        if (!float.IsFinite(value))
        {
            throw Diverged(phase, value);
        }

        loss.backward();
        // One device-to-host read for all gradients, not one per parameter.
        var finite = stack(_autoencoder.parameters().Where(p => p.grad is not null).Select(p => p.grad!.isfinite().all()).ToArray());
        if (!finite.all().item<bool>())
        {
            throw Diverged(phase, value);
        }

        _adam.step();
        return value;
    }

    private static NetworkException Diverged(string phase, float loss) => new(NetworkErrorKind.InvalidArgument,
        $"The autoencoder's {phase} diverged (loss {loss}, or a gradient that is not a number); its weights were left as they were. Lower the learning rate, or use wider levels.");
}

