using ExplainHub.Engine.Models;
using ExplainHub.Engine.Networks;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests.Perturbation;

/// <summary>
/// Seed 004 through the engine: the run as a job, the combined model it leaves in the store, and that model
/// explained, saved, reloaded and exported like any network — on the bright-patch task, whose answer is known.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class PerturbationJobTests : IDisposable
{
    private readonly EngineFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task AJob_MakesACombinedModel_WithItsTable41Row_AndReportsBothPhases()
    {
        var (dataset, classifier) = await TrainedClassifierAsync();
        var reports = new List<TrainingProgress>();

        var job = await fixture.Engine.PerturbAsync(
            new PerturbationRequest(classifier.Id, ReconstructionEpochs: 1, FineTuneEpochs: 2, BatchSize: 16, TrainSubset: 64, Widths: [16, 32]),
            new SynchronousProgress<TrainingProgress>(reports.Add));

        Assert.Equal(JobState.Completed, job.State);
        Assert.Equal(JobKind.Perturbation, job.Kind);
        var combined = (await fixture.Engine.ListModelsAsync()).Single(m => m.Id == job.ModelId);
        Assert.Equal(ModelKinds.AutoencoderPerturbed, combined.Kind);
        Assert.Equal(dataset.Info.Id, combined.DatasetId);
        Assert.Equal(classifier.Id, combined.Facts?.SourceModelId);
        var facts = combined.Facts!.Perturbation!;
        Assert.Equal((64, 40, false, "train split only"), (facts.TrainImages, facts.TestImages, facts.TrainedOnTestImages, facts.SplitLabel));
        Assert.Equal(new[] { 16, 32 }, facts.Widths);
        Assert.Equal(facts.CombinedTestAccuracy, combined.TestAccuracy);
        Assert.DoesNotContain("full", combined.Name, StringComparison.Ordinal);
        // The classifier's own figures are the trained network's: it was frozen, not trained further.
        Assert.Equal(classifier.TestAccuracy!.Value, facts.ClassifierTestAccuracy, 6);

        var phases = reports.Where(r => r.Step is not null && r.Phase != TrainingPhase.Finished).Select(r => r.Step!).Distinct().ToArray();
        Assert.Equal(["reconstruction", "fine-tune", "Table 4.1 accuracies"], phases);
        Assert.All(reports.Where(r => r.Phase == TrainingPhase.Epoch), r => Assert.Equal(3, r.Epochs));
        Assert.Equal([1, 2, 3], reports.Where(r => r.Phase == TrainingPhase.Epoch).Select(r => r.Epoch));
    }

    [Fact]
    public async Task TheCombinedModel_IsExplainedAsTheClassifierOnTheAutoencodersOutput_WithGradientsThroughTheAutoencoder()
    {
        var (dataset, classifier) = await TrainedClassifierAsync();
        var job = await fixture.Engine.PerturbAsync(new PerturbationRequest(classifier.Id, FineTuneEpochs: 1, BatchSize: 32, TrainSubset: 64, Widths: [16, 32]));
        var combinedId = job.ModelId!;

        var methods = await fixture.Engine.GetMethodsAsync(combinedId);
        foreach (var method in new[] { ExplanationMethods.Cam, ExplanationMethods.GradCam, ExplanationMethods.Gradient, ExplanationMethods.Occlusion, ExplanationMethods.ContrastiveExcitation })
        {
            Assert.True(methods.Single(m => m.Method.Name == method).Applies, $"{method} should apply to a combined model");
        }

        // A second store on the same folder reads both models back from disk.
        using var store = new ModelStore(fixture.DataDirectory);
        var combined = (ConvNetClassifier)store.Get(combinedId);
        var network = (ConvNetClassifier)store.Get(classifier.Id);
        var images = Images(dataset, 4);
        var targets = new long[] { 1, 1, 1, 1 };
        var transformed = combined.Network.Transform(images);

        var onOutput = network.Network.GradCam(transformed, targets, null);
        var throughCombined = combined.Network.GradCam(images, targets, null);
        AssertClose(onOutput.Maps, throughCombined.Maps, 1e-4f);
        AssertClose(network.Network.Predict(transformed), combined.Network.Predict(images), 1e-5f);

        // Fig. 4.3: the combined model's first layers are the classifier's, by the classifier's names, seeing the output.
        var size = 28 * 28;
        var layersAfter = combined.Network.FeatureMaps(images.AsSpan(0, size));
        var layersOnOutput = network.Network.FeatureMaps(transformed.AsSpan(0, size));
        Assert.Equal(["conv1", "conv2"], layersAfter.Select(l => l.Layer));
        Assert.Equal(layersOnOutput.Select(l => l.Layer), layersAfter.Select(l => l.Layer));
        for (var l = 0; l < layersAfter.Count; l++)
        {
            AssertClose(layersOnOutput[l].Values, layersAfter[l].Values, 1e-4f);
        }

        var direct = network.Network.InputGradients(images, targets, ofProbability: false);
        var through = combined.Network.InputGradients(images, targets, ofProbability: false);
        Assert.Contains(through.Values, v => v != 0);
        Assert.True(Distance(direct.Values, through.Values) > 1e-3, "the combined model's input gradient should pass the autoencoder, not equal the classifier's");

        var explained = await fixture.Engine.ExplainAsync(new ExplainRequest(combinedId, dataset.Info.Id, DatasetSplit.Test, [0, 1], ExplanationMethods.Gradient));
        Assert.All(explained.Explanations, e => Assert.Contains(e.RawMap, v => v != 0));
    }

    [Fact]
    public async Task TheCombinedModel_SurvivesARestart_AndAnExportImportRoundTrip_WithTheSamePredictions()
    {
        var (dataset, classifier) = await TrainedClassifierAsync();
        var job = await fixture.Engine.PerturbAsync(new PerturbationRequest(classifier.Id, FineTuneEpochs: 1, BatchSize: 32, TrainSubset: 32, Widths: [16]));
        var indices = new[] { 0, 1, 2, 3, 4, 5 };
        var before = await fixture.Engine.PredictAsync(new PredictRequest(job.ModelId!, dataset.Info.Id, DatasetSplit.Test, indices));

        using var exportFolder = new TempDirectory();
        await fixture.Engine.ExportModelAsync(new ModelExportRequest(job.ModelId!, exportFolder.Path));
        var imported = await fixture.Engine.ImportModelAsync(new ModelImportRequest(exportFolder.Path, "imported combined"));
        Assert.Equal(ModelKinds.AutoencoderPerturbed, imported.Kind);

        using var restarted = new EmbeddedEngine(new EngineOptions { DataDirectory = fixture.DataDirectory });
        restarted.RegisterDataset(dataset);
        foreach (var id in new[] { job.ModelId!, imported.Id })
        {
            var after = await restarted.PredictAsync(new PredictRequest(id, dataset.Info.Id, DatasetSplit.Test, indices));
            for (var i = 0; i < indices.Length; i++)
            {
                AssertClose(before.Predictions[i].Probabilities, after.Predictions[i].Probabilities, 1e-6f);
            }
        }
    }

    [Fact]
    public async Task PerturbingAnImage_GivesTheInputTheOutputAndAStretchedDifference_AndOnlyForACombinedModel()
    {
        var (dataset, classifier) = await TrainedClassifierAsync();
        var job = await fixture.Engine.PerturbAsync(new PerturbationRequest(classifier.Id, FineTuneEpochs: 1, BatchSize: 32, TrainSubset: 32, Widths: [16]));

        var image = await fixture.Engine.PerturbAsync(new PerturbationImageRequest(job.ModelId!, DatasetSplit.Test, 3));

        Assert.Equal((1, 28, 28), (image.Channels, image.Height, image.Width));
        Assert.Equal(28 * 28, image.Input.Length);
        Assert.Equal(28 * 28, image.Output.Length);
        Assert.Equal(28 * 28, image.Difference.Length);
        Assert.Equal(dataset.Test.Labels[3], image.TrueClass);
        Assert.All(image.Output, v => Assert.InRange(v, 0f, 1f));
        Assert.Equal(1f, image.Difference.Max(), 5);
        Assert.All(image.Difference, v => Assert.InRange(v, 0f, 1f));
        var largest = image.Input.Zip(image.Output, (a, b) => Math.Abs(a - b)).Max();
        Assert.Equal(largest, image.MaxAbsoluteChange, 5);

        var refused = await Assert.ThrowsAsync<EngineException>(() => fixture.Engine.PerturbAsync(new PerturbationImageRequest(classifier.Id)));
        Assert.Contains("not a combined model", refused.Message, StringComparison.Ordinal);
        var outOfRange = await Assert.ThrowsAsync<EngineException>(() => fixture.Engine.PerturbAsync(new PerturbationImageRequest(job.ModelId!, DatasetSplit.Test, 4000)));
        Assert.Equal(EngineErrorKind.InvalidRequest, outOfRange.Kind);
    }

    [Fact]
    public async Task BadRequests_AreRefusedBeforeAJobIsQueued()
    {
        var (dataset, classifier) = await TrainedClassifierAsync();
        var svm = await fixture.Engine.TrainAsync(new TrainRequest(dataset.Info.Id, ModelKinds.LinearSvm, TrainSubset: 100));

        async Task<EngineException> Refused(PerturbationRequest request) =>
            await Assert.ThrowsAsync<EngineException>(() => fixture.Engine.StartPerturbationAsync(request));

        Assert.Equal(EngineErrorKind.NotFound, (await Refused(new PerturbationRequest("m-nope"))).Kind);
        Assert.Contains("fine-tuned through a trained network", (await Refused(new PerturbationRequest(svm.ModelId!))).Message, StringComparison.Ordinal);
        Assert.Contains("at least one epoch", (await Refused(new PerturbationRequest(classifier.Id, 0, 0))).Message, StringComparison.Ordinal);
        Assert.Contains("levels", (await Refused(new PerturbationRequest(classifier.Id, Widths: [16, 0]))).Message, StringComparison.Ordinal);
        Assert.Contains("levels", (await Refused(new PerturbationRequest(classifier.Id, Widths: []))).Message, StringComparison.Ordinal);
        Assert.Contains("learning rate", (await Refused(new PerturbationRequest(classifier.Id, LearningRate: double.NaN))).Message, StringComparison.Ordinal);
        Assert.Contains("reconstruction term", (await Refused(new PerturbationRequest(classifier.Id, ReconstructionWeight: double.PositiveInfinity))).Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await fixture.Engine.ListJobsAsync(), j => j.Kind == JobKind.Perturbation);
    }

    [Fact]
    public async Task ACancelledJob_EndsCancelled_AndLeavesNoModel()
    {
        var (_, classifier) = await TrainedClassifierAsync();
        var modelsBefore = (await fixture.Engine.ListModelsAsync()).Count;
        using var cancel = new CancellationTokenSource();

        var job = await fixture.Engine.StartPerturbationAsync(new PerturbationRequest(classifier.Id, ReconstructionEpochs: 50, BatchSize: 8, Widths: [16]));
        await foreach (var report in fixture.Engine.WatchJobAsync(job.Id))
        {
            if (report.Phase == TrainingPhase.Batch || report.Phase == TrainingPhase.Epoch)
            {
                await fixture.Engine.CancelJobAsync(job.Id);
            }
        }

        var ended = await fixture.Engine.GetJobAsync(job.Id);
        Assert.Equal(JobState.Cancelled, ended.State);
        Assert.Null(ended.ModelId);
        Assert.Equal(modelsBefore, (await fixture.Engine.ListModelsAsync()).Count);
    }

    [Fact]
    public async Task ACancelledRun_IsCheckpointedAfterEachEpoch_AndResumedEndsWhereAnUninterruptedRunDoes()
    {
        var (dataset, classifier) = await TrainedClassifierAsync();
        var request = new PerturbationRequest(classifier.Id, ReconstructionEpochs: 3, FineTuneEpochs: 1, BatchSize: 8, TrainSubset: 96, Widths: [16, 32], Seed: 5);
        var whole = await fixture.Engine.PerturbAsync(request);
        Assert.Equal(JobState.Completed, whole.State);
        Assert.DoesNotContain(await fixture.Engine.ListCheckpointsAsync(), c => c.Id == whole.Id); // a finished run leaves no checkpoint

        var interrupted = await fixture.Engine.StartPerturbationAsync(request);
        await foreach (var report in fixture.Engine.WatchJobAsync(interrupted.Id))
        {
            if (report is { Phase: TrainingPhase.Epoch, Epoch: 1 })
            {
                await fixture.Engine.CancelJobAsync(interrupted.Id);
            }
        }

        Assert.Equal(JobState.Cancelled, (await fixture.Engine.GetJobAsync(interrupted.Id)).State);
        var checkpoint = Assert.Single(await fixture.Engine.ListCheckpointsAsync(), c => c.Id == interrupted.Id);
        Assert.Equal(request with { Widths = null }, checkpoint.Perturbation! with { Widths = null });
        Assert.Equal([16, 32], checkpoint.Perturbation.Widths!);
        Assert.Equal((ModelKinds.AutoencoderPerturbed, 4, dataset.Info.Id), (checkpoint.Request.ModelKind, checkpoint.Request.Epochs, checkpoint.Request.DatasetId));
        Assert.InRange(checkpoint.EpochsDone, 1, 3);

        var resumed = await fixture.Engine.ResumeTrainingAsync(checkpoint.Id);
        Assert.Equal(JobKind.Perturbation, resumed.Kind);
        // One resume at a time: a second would count its epochs from the checkpoint the first is moving on.
        var twice = await Assert.ThrowsAsync<EngineException>(() => fixture.Engine.ResumeTrainingAsync(checkpoint.Id));
        Assert.Contains($"already being resumed by job {resumed.Id}", twice.Message, StringComparison.Ordinal);
        var reports = new List<TrainingProgress>();
        await foreach (var report in fixture.Engine.WatchJobAsync(resumed.Id))
        {
            reports.Add(report);
        }

        var ended = await fixture.Engine.GetJobAsync(resumed.Id);
        Assert.Equal(JobState.Completed, ended.State);
        Assert.Equal(checkpoint.EpochsDone + 1, reports.First(r => r.Phase == TrainingPhase.Epoch).Epoch); // it went on, not over
        Assert.DoesNotContain(await fixture.Engine.ListCheckpointsAsync(), c => c.Id == checkpoint.Id);
        var indices = Enumerable.Range(0, 8).ToArray();
        var expected = await fixture.Engine.PredictAsync(new PredictRequest(whole.ModelId!, dataset.Info.Id, DatasetSplit.Test, indices));
        var actual = await fixture.Engine.PredictAsync(new PredictRequest(ended.ModelId!, dataset.Info.Id, DatasetSplit.Test, indices));
        for (var i = 0; i < indices.Length; i++)
        {
            AssertClose(expected.Predictions[i].Probabilities, actual.Predictions[i].Probabilities, 1e-4f);
        }

        var done = await Assert.ThrowsAsync<EngineException>(() => fixture.Engine.ResumeTrainingAsync(checkpoint.Id));
        Assert.Equal(EngineErrorKind.NotFound, done.Kind);
    }

    [Fact]
    public async Task AColourDataSet_GetsAColourAutoencoder_AndColourFigures()
    {
        // Class 0 leans red, class 1 blue: three channels that each matter.
        var random = new Random(3);
        (byte[] Pixels, int[] Labels) Make(int count)
        {
            var pixels = new byte[count * 3 * 16 * 16];
            var labels = new int[count];
            for (var i = 0; i < count; i++)
            {
                labels[i] = i % 2;
                for (var c = 0; c < 3; c++)
                {
                    var bright = (c == 0 && labels[i] == 0) || (c == 2 && labels[i] == 1);
                    for (var p = 0; p < 256; p++)
                    {
                        pixels[(i * 768) + (c * 256) + p] = (byte)random.Next(bright ? 120 : 0, bright ? 256 : 100);
                    }
                }
            }

            return (pixels, labels);
        }

        var (trainPixels, trainLabels) = Make(96);
        var (testPixels, testLabels) = Make(24);
        var dataset = new Data.InMemoryDataset("red-or-blue", "Red or blue", 3, 16, 16, ["red", "blue"], trainPixels, trainLabels, testPixels, testLabels);
        fixture.Engine.RegisterDataset(dataset);
        var network = await fixture.Engine.TrainAsync(new TrainRequest(dataset.Info.Id, Epochs: 2, BatchSize: 16));

        var job = await fixture.Engine.PerturbAsync(new PerturbationRequest(network.ModelId!, BatchSize: 16, Widths: [16]));
        var image = await fixture.Engine.PerturbAsync(new PerturbationImageRequest(job.ModelId!, DatasetSplit.Test, 1));

        Assert.Equal(JobState.Completed, job.State);
        Assert.Equal((3, 16, 16, 768, 768, 256), (image.Channels, image.Height, image.Width, image.Input.Length, image.Output.Length, image.Difference.Length));
        Assert.Equal(1, image.TrueClass);
        var png = ExplainHub.Engine.Imaging.ImagePng.FromValues(image.Output, 3, 16, 16, scale: 2);
        var decoded = ExplainHub.Engine.Imaging.ImageCodec.Decode(png);
        Assert.Equal((32, 32, 3), (decoded.Height, decoded.Width, decoded.Channels));
    }

    private async Task<(Data.InMemoryDataset Dataset, ModelInfo Classifier)> TrainedClassifierAsync()
    {
        var (dataset, _) = SyntheticData.BrightPatch(200, 40, seed: 11);
        fixture.Engine.RegisterDataset(dataset);
        var job = await fixture.Engine.TrainAsync(new TrainRequest(dataset.Info.Id, Epochs: 1, Seed: 2));
        Assert.Equal(JobState.Completed, job.State);
        return (dataset, (await fixture.Engine.ListModelsAsync()).Single(m => m.Id == job.ModelId));
    }

    private static float[] Images(Data.InMemoryDataset dataset, int count)
    {
        var size = dataset.Test.ImageSize;
        var images = new float[count * size];
        for (var i = 0; i < count; i++)
        {
            dataset.Test.CopyScaled(i, images.AsSpan(i * size, size));
        }

        return images;
    }

    private static double Distance(float[] a, float[] b) => Math.Sqrt(a.Zip(b, (x, y) => (double)(x - y) * (x - y)).Sum());

    private static void AssertClose(IReadOnlyList<float> expected, IReadOnlyList<float> actual, float tolerance)
    {
        Assert.Equal(expected.Count, actual.Count);
        var scale = Math.Max(1f, expected.Max(Math.Abs));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * scale, $"element {i}: {expected[i]} vs {actual[i]}");
        }
    }
}
