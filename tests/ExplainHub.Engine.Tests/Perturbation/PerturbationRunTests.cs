using ExplainHub.Engine.Networks;
using ExplainHub.Engine.Perturbation;
using static TorchSharp.torch;

namespace ExplainHub.Engine.Tests.Perturbation;

/// <summary>Both phases of seed 004 on a data set whose right answer is known (a bright patch or none), with a zoo network.</summary>
[Collection(NativeCollection.Name)]
public sealed class PerturbationRunTests
{
    [Fact]
    public void ARun_TrainsBothPhasesOnTheTrainingImagesOnly_ReportsTable41_AndLeavesTheClassifierBitIdentical()
    {
        var (data, _) = SyntheticData.BrightPatch(96, 40);
        TorchRuntime.Configure(Environment.ProcessorCount, 4);
        using var classifier = NetworkZoo.Create("seed-cnn", 1, 28, 28, 2);
        var before = classifier.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        using var autoencoder = new UNetAutoencoder(1, [16, 32]);
        var progress = new List<PerturbationProgress>();

        var report = new PerturbationRun(autoencoder, classifier, 28, 28).Run(
            data.Train, data.Test, new PerturbationSettings(ReconstructionEpochs: 2, FineTuneEpochs: 1, BatchSize: 32, TrainSubset: 64), progress.Add);

        Assert.Equal((64, 40, false), (report.TrainImages, report.TestImages, report.TrainedOnTestImages));
        Assert.Equal(
            ["reconstruction 1/2 1/2", "reconstruction 1/2 2/2", "reconstruction 2/2 1/2", "reconstruction 2/2 2/2", "fine-tune 1/1 1/2", "fine-tune 1/1 2/2"],
            progress.Select(p => $"{p.Phase} {p.Epoch}/{p.Epochs} {p.Batch}/{p.Batches}"));
        Assert.All(progress, p => Assert.True(double.IsFinite(p.Loss) && p.Loss > 0));
        Assert.All(
            new[] { report.ClassifierTrainAccuracy, report.ClassifierTestAccuracy, report.CombinedTrainAccuracy, report.CombinedTestAccuracy },
            a => Assert.InRange(a, 0, 1));
        Assert.True(report.ReconstructionSeconds > 0 && report.FineTuneSeconds > 0);
        foreach (var (name, value) in classifier.state_dict())
        {
            Assert.True(value.shape.SequenceEqual(before[name].shape) && (value == before[name]).all().item<bool>(), $"the classifier's {name} changed");
        }
    }

    [Fact]
    public void TheSeedsFullRows_TrainOnTestImagesToo_AndSaySo()
    {
        var (data, _) = SyntheticData.BrightPatch(30, 10);
        using var classifier = NetworkZoo.Create("seed-cnn", 1, 28, 28, 2);
        using var autoencoder = new UNetAutoencoder(1, [16]);

        var report = new PerturbationRun(autoencoder, classifier, 28, 28).Run(
            data.Train, data.Test, new PerturbationSettings(ReconstructionEpochs: 1, FineTuneEpochs: 0, BatchSize: 64, IncludeTestImages: true));

        Assert.Equal((40, 10, true), (report.TrainImages, report.TestImages, report.TrainedOnTestImages));
    }

    [Fact]
    public void FineTuning_TeachesTheAutoencoderToShowAnUntrainedClassifierWhatItGetsRight()
    {
        // An untrained network is at chance on the patch task; the autoencoder alone can move it, by transforming each
        // image into one that the fixed network classifies as its label. A faithful fine-tune must manage that.
        var (data, _) = SyntheticData.BrightPatch(128, 32, seed: 5);
        TorchRuntime.Configure(Environment.ProcessorCount, 7);
        using var classifier = NetworkZoo.Create("seed-cnn", 1, 28, 28, 2);
        using var autoencoder = new UNetAutoencoder(1, [16, 32]);

        var report = new PerturbationRun(autoencoder, classifier, 28, 28).Run(
            data.Train, data.Test, new PerturbationSettings(ReconstructionEpochs: 1, FineTuneEpochs: 12, BatchSize: 16, LearningRate: 3e-3));

        Assert.True(report.CombinedTrainAccuracy >= report.ClassifierTrainAccuracy + 0.2,
            $"combined {report.CombinedTrainAccuracy:P0} vs classifier {report.ClassifierTrainAccuracy:P0} on the training images");
    }

    [Fact]
    public void ACancelledRun_StopsAtTheNextBatch()
    {
        var (data, _) = SyntheticData.BrightPatch(64, 8);
        using var classifier = NetworkZoo.Create("seed-cnn", 1, 28, 28, 2);
        using var autoencoder = new UNetAutoencoder(1, [16]);
        using var cancel = new CancellationTokenSource();
        var steps = 0;

        Assert.Throws<OperationCanceledException>(() => new PerturbationRun(autoencoder, classifier, 28, 28).Run(
            data.Train, data.Test, new PerturbationSettings(ReconstructionEpochs: 5, BatchSize: 8), _ =>
            {
                if (++steps == 3)
                {
                    cancel.Cancel();
                }
            }, cancellationToken: cancel.Token));
        Assert.Equal(3, steps);
    }

    [Fact]
    public void SettingsThatMakeNoSense_AreRefusedInWords()
    {
        Assert.Equal("Run at least one epoch of one phase.", new PerturbationSettings(0, 0).Problem());
        Assert.Equal("A batch holds 1 to 4096 images.", new PerturbationSettings(BatchSize: 0).Problem());
        Assert.Equal("The learning rate is above 0 and at most 1.", new PerturbationSettings(LearningRate: -1).Problem());
        Assert.Null(new PerturbationSettings().Problem());
    }
}
