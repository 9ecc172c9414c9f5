using System.Diagnostics;
using ExplainHub.Engine.Data;
using ExplainHub.Engine.Networks;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ExplainHub.Engine.Perturbation;

/// <summary>
/// One run of seed 004 §3 on a data set: the autoencoder learns to reconstruct the training images, then is
/// fine-tuned through the frozen classifier, each phase over seeded shuffles of the same images; then Table 4.1's
/// accuracies. The classifier must be this run's own instance (it is frozen for good): load it afresh from its model.
/// </summary>
public sealed class PerturbationRun(UNetAutoencoder autoencoder, Module<Tensor, Tensor> classifier, int height, int width)
{
    public const string ReconstructionPhase = "reconstruction";
    public const string FineTunePhase = "fine-tune";

    private const int EvaluationBatch = 256;

    // Where batches go: the autoencoder's device (a GPU when the engine has one), read once, not per batch.
    private readonly Device device = autoencoder.parameters().First().device;

    public PerturbationReport Run(
        ImageSet train, ImageSet test, PerturbationSettings settings, Action<PerturbationProgress>? progress = null,
        IPerturbationCheckpoints? checkpoints = null, CancellationToken cancellationToken = default)
    {
        if (settings.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(settings));
        }

        if (train.ImageSize != autoencoder.Channels * height * width || test.ImageSize != train.ImageSize)
        {
            throw new ArgumentException($"The autoencoder takes {autoencoder.Channels}×{height}×{width} images; these splits hold {train.ImageSize} and {test.ImageSize} values per image.");
        }

        var frozen = new FrozenClassifier(classifier);
        var used = Subset(train.Count, settings.TrainSubset, settings.Seed);
        var parts = settings.IncludeTestImages
            ? used.Select(i => (train, i)).Concat(Enumerable.Range(0, test.Count).Select(i => (test, i))).ToArray()
            : used.Select(i => (train, i)).ToArray();
        using var training = new AutoencoderTraining(autoencoder, settings.LearningRate);
        var done = checkpoints?.Done ?? default;
        if (done.Total > 0)
        {
            checkpoints!.Restore(training);
        }

        // Each epoch's order depends only on the seed, the phase and the epoch, so a resumed run sees what an uninterrupted one would.
        var reconstruction = Phase(ReconstructionPhase, settings.ReconstructionEpochs, done.Reconstruction, parts, settings, progress,
            (images, _) => training.ReconstructionStep(images), epoch => checkpoints?.Save(training, new(epoch, 0)), cancellationToken);
        if (done.FineTune == 0)
        {
            // A run resumed within fine-tuning has that optimiser's moments from its checkpoint.
            training.StartFineTuning();
        }

        var fineTune = Phase(FineTunePhase, settings.FineTuneEpochs, done.FineTune, parts, settings, progress,
            (images, labels) => training.FineTuneStep(frozen, images, labels, settings.ReconstructionWeight),
            epoch => checkpoints?.Save(training, new(settings.ReconstructionEpochs, epoch)), cancellationToken);

        autoencoder.eval();
        var trainImages = used.Select(i => (train, i)).ToArray();
        var testImages = Enumerable.Range(0, test.Count).Select(i => (test, i)).ToArray();
        return new PerturbationReport(
            Accuracy(trainImages, frozen.Logits), Accuracy(testImages, frozen.Logits),
            Accuracy(trainImages, x => frozen.Logits(autoencoder.call(x))), Accuracy(testImages, x => frozen.Logits(autoencoder.call(x))),
            reconstruction.TotalSeconds, fineTune.TotalSeconds, parts.Length, test.Count, settings.IncludeTestImages);
    }

    private TimeSpan Phase(
        string name, int epochs, int epochsDone, (ImageSet Part, int Index)[] images, PerturbationSettings settings, Action<PerturbationProgress>? progress,
        Func<Tensor, Tensor, double> step, Action<int> epochEnded, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var batches = (images.Length + settings.BatchSize - 1) / settings.BatchSize;
        for (var epoch = epochsDone + 1; epoch <= epochs; epoch++)
        {
            // Each phase and epoch its own seeded order, so a run can be repeated image for image (HashCode is
            // randomised per process, so the seed is derived by hand).
            var order = images.ToArray();
            new Random(unchecked((settings.Seed * 7919) + (name.Length * 104_729) + epoch)).Shuffle(order);
            for (var b = 0; b < batches; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batch = order.AsSpan(b * settings.BatchSize, Math.Min(settings.BatchSize, order.Length - (b * settings.BatchSize))).ToArray();
                using var scope = NewDisposeScope();
                var (x, y) = Tensors(batch);
                var loss = step(x, y);
                progress?.Invoke(new PerturbationProgress(name, epoch, epochs, b + 1, batches, loss));
            }

            epochEnded(epoch);
        }

        return clock.Elapsed;
    }

    private double Accuracy((ImageSet Part, int Index)[] images, Func<Tensor, Tensor> logits)
    {
        if (images.Length == 0)
        {
            return double.NaN;
        }

        var correct = 0L;
        using var noGrad = no_grad();
        for (var start = 0; start < images.Length; start += EvaluationBatch)
        {
            using var scope = NewDisposeScope();
            var (x, y) = Tensors(images.AsSpan(start, Math.Min(EvaluationBatch, images.Length - start)).ToArray());
            correct += logits(x).argmax(1).eq(y).sum().item<long>();
        }

        return (double)correct / images.Length;
    }

    private (Tensor Images, Tensor Labels) Tensors((ImageSet Part, int Index)[] batch)
    {
        var first = batch[0].Part;
        var size = first.ImageSize;
        var pixels = new float[batch.Length * size];
        var labels = new long[batch.Length];
        for (var i = 0; i < batch.Length; i++)
        {
            batch[i].Part.CopyScaled(batch[i].Index, pixels.AsSpan(i * size, size));
            labels[i] = batch[i].Part.Labels[batch[i].Index];
        }

        var images = TensorData.From(pixels, batch.Length, autoencoder.Channels, height, width);
        var classes = TensorData.From(labels, batch.Length);
        return device.type == TorchSharp.DeviceType.CPU ? (images, classes) : (images.to(device), classes.to(device));
    }

    private static int[] Subset(int count, int? subset, int seed)
    {
        var all = Enumerable.Range(0, count).ToArray();
        if (subset is not { } wanted || wanted >= count)
        {
            return all;
        }

        new Random(seed).Shuffle(all);
        return all[..wanted];
    }
}
