using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ExplainHub.Engine.Models;
using ExplainHub.Engine.Native;
using ExplainHub.Engine.Networks;
using ExplainHub.Engine.Training;
using ExplainHub.Shared;

namespace ExplainHub.Bench;

/// <summary>
/// <c>./bench.sh resnet-fmnist [--epochs N] [--train-subset N] [--sgd]</c>: ResNet-18 (CIFAR stem) on Fashion-MNIST
/// at 28×28 for 5 epochs — Adam 1e-3 cosine-annealed to 0, batch 128, standardised inputs, random flips — and its
/// test accuracy, epochs and wall time (issue 4 asks ≥ 92 %). <c>--sgd</c> runs the classic CIFAR recipe instead
/// (SGD 0.1, momentum 0.9, weight decay 5e-4, cosine, flips and ±2 px shifts), which fits too slowly for 5 epochs
/// (71.6 / 85.7 / 85.3 % test after epochs 1–3 on 2 cores).
/// </summary>
internal sealed class ResNetFashionMnistBenchmark : IBenchmark
{
    public Task<JsonObject> RunAsync(string[] args)
    {
        var epochs = Option(args, "--epochs") ?? 5;
        var subset = Option(args, "--train-subset");
        var (dataset, _) = SeedCnnBenchmark.LoadFashionMnist(Environment.ProcessorCount);
        var sgd = args.Contains("--sgd");
        var request = sgd
            ? new TrainRequest(dataset.Info.Id, ModelKinds.ResNet18, Epochs: epochs, BatchSize: 128, LearningRate: 0.1,
                Seed: 0, Schedule: LearningRateSchedule.Cosine, StandardizeInputs: true, Augment: new Augmentation(MaxShiftPixels: 2, HorizontalFlip: true),
                Optimizer: OptimizerKind.Sgd, Momentum: 0.9, WeightDecay: 5e-4)
            : new TrainRequest(dataset.Info.Id, ModelKinds.ResNet18, Epochs: epochs, BatchSize: 128, LearningRate: 1e-3,
                Seed: 0, Schedule: LearningRateSchedule.Cosine, StandardizeInputs: true, Augment: new Augmentation(HorizontalFlip: true),
                Optimizer: OptimizerKind.Adam);
        var train = subset is { } n ? dataset.Train.StratifiedSubset(n, dataset.Info.ClassNames.Count) : dataset.Train;

        TorchRuntime.Configure(0, 0);
        var info = new ModelInfo("bench", "bench", ModelKinds.ResNet18, dataset.Info.Id, dataset.Info.ClassNames, null, 0, DateTimeOffset.UtcNow);
        using var model = ConvNetClassifier.Create(info, 1, 28, 28);
        var clock = Stopwatch.StartNew();
        var outcome = new ConvNetTrainer().Train(model, train, dataset.Test, request, "bench", p =>
        {
            if (p.Phase == TrainingPhase.Epoch)
            {
                Console.Error.WriteLine($"  epoch {p.Epoch}: loss {p.Loss:F4}, train {p.Accuracy:P2}, test {p.TestAccuracy:P2}, lr {p.LearningRate:G3}, {p.ImagesPerSecond:F0} img/s");
            }
        }, CancellationToken.None);
        return Task.FromResult(new JsonObject
        {
            ["benchmark"] = "resnet-fmnist",
            ["accuracy"] = Math.Round(outcome.TestAccuracy ?? 0, 4),
            ["epochs"] = outcome.EpochsCompleted,
            ["train_images"] = train.Count,
            ["wall_s"] = Math.Round(clock.Elapsed.TotalSeconds, 1),
            ["train_ips"] = Math.Round(outcome.TrainImagesPerSecond, 1),
            ["recipe"] = sgd
                ? "ResNet-18 CIFAR stem, SGD 0.1 momentum 0.9 wd 5e-4, cosine, batch 128, standardised, flips, ±2 px shifts"
                : "ResNet-18 CIFAR stem, Adam 1e-3 cosine to 0, batch 128, standardised, flips",
        });
    }

    private static int? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : null;
    }
}
