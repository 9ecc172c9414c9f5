using ExplainHub.Server.Perturbations;
using ExplainHub.Server.Tests.Fakes;
using ExplainHub.Shared;

namespace ExplainHub.Server.Tests.Perturbations;

public sealed class PerturbationViewStateTests : IDisposable
{
    private readonly FakeEngine _engine = new();
    private readonly TestViewHost _host = new();

    public PerturbationViewStateTests()
    {
        _engine.AddModel("net", DateTimeOffset.UnixEpoch.AddDays(2));
        _engine.AddModel(new ModelInfo("svm", "an svm", ModelKinds.LinearSvm, "fashion-mnist", FakeEngine.ClassNames, 0.8, 7850, DateTimeOffset.UnixEpoch.AddDays(3)));
        _engine.AddModel(Combined("full-run", DateTimeOffset.UnixEpoch.AddDays(4), full: true));
        _engine.AddModel(Combined("honest-run", DateTimeOffset.UnixEpoch.AddDays(5), full: false));
        // The fake's image i has label i % 10; its autoencoder output is the input with the top rows whitened.
        _engine.Perturbed = request => new PerturbedImage(request.ModelId, request.Upload is null ? $"test image {request.Index}" : "the uploaded image", 1, 28, 28,
            new float[28 * 28], [.. Enumerable.Range(0, 28 * 28).Select(p => p < 56 ? 1f : 0f)],
            [.. Enumerable.Range(0, 28 * 28).Select(p => p < 56 ? 1f : 0f)], 1, request.Upload is null ? request.Index % 10 : null);
        _engine.Representation = request => new ModelRepresentation(request.ModelId, RepresentationKinds.FeatureMaps, "maps", 1, 14, 14,
            [new RepresentationImage("conv1 #0", null, new float[14 * 14], null, "conv1", 14, 14), new RepresentationImage("conv2 #0", null, new float[7 * 7], null, "conv2", 7, 7)]);
    }

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Opening_OffersTheNetworksOnly_ListsTable41_AndShowsTheNewestCombinedModelsFigures()
    {
        var state = await OpenAsync();

        Assert.Equal(["net"], state.Classifiers.Select(m => m.Id));
        Assert.Equal("net", state.ClassifierId);
        Assert.Equal(["full-run", "honest-run"], state.Combined.Select(m => m.Id));
        Assert.Equal("honest-run", state.Selected?.Id);
        var figures = Assert.IsType<PerturbationFigures>(state.Figures);
        Assert.All(new[] { figures.InputUrl, figures.OutputUrl, figures.DifferenceUrl, figures.Classifier.GradCamUrl, figures.Combined.GradCamUrl },
            url => Assert.StartsWith("data:image/png;base64,", url, StringComparison.Ordinal));
        Assert.Equal(["conv1", "conv2"], figures.LayersBefore.Select(t => t.Label));
        Assert.Equal(2, figures.LayersAfter.Count);
        // Grad-CAM of the classifier on the input and of the combined model (the classifier on the output).
        Assert.Equal(["net", "honest-run"], _engine.ExplainRequests.Select(r => r.ModelId));
        Assert.All(_engine.ExplainRequests, r => Assert.Equal(ExplanationMethods.GradCam, r.Method));
    }

    [Fact]
    public async Task EachVerdict_IsMarkedCorrectOrNot_AgainstTheImagesLabel()
    {
        var state = await OpenAsync();

        // The fake predicts the label + 1 for every third image: image 0 wrong, image 1 right.
        Assert.Equal(false, state.Figures!.Classifier.Correct);
        Assert.Equal("T-shirt/top", state.Figures.Label);
        await state.ShowImageAsync(1);
        Assert.Equal(1, state.ImageIndex);
        Assert.Equal(true, state.Figures!.Classifier.Correct);
        Assert.Equal(true, state.Figures.Combined.Correct);
        Assert.Equal("Trouser", state.Figures.Combined.ClassName);
    }

    [Fact]
    public async Task AnUploadedImage_GetsTheSameFigures_WithoutAVerdict_AndSaysHowItWasConverted()
    {
        var state = await OpenAsync();
        _engine.ExplainRequests.Clear();
        _engine.RepresentationRequests.Clear();

        await state.ShowUploadAsync("mine.png", [200, 1, 2]);

        Assert.Equal("mine.png", state.Upload?.Name);
        Assert.Equal(2, _engine.ExplainRequests.Count);
        Assert.All(_engine.ExplainRequests, r =>
        {
            Assert.Empty(r.Indices);
            Assert.Equal("mine.png", Assert.Single(r.Uploads!).Name);
        });
        Assert.All(_engine.RepresentationRequests, r => Assert.Equal("mine.png", r.Upload?.Name));
        var figures = state.Figures!;
        Assert.Equal("the uploaded image", figures.Subject);
        Assert.Null(figures.Label);
        Assert.Null(figures.Classifier.Correct);
        Assert.Null(figures.Combined.Correct);
        Assert.Contains("'mine.png': resized to 28×28", figures.Notices);

        await state.ShowImageAsync(1); // back to the test split
        Assert.Null(state.Upload);
        Assert.Equal(true, state.Figures!.Classifier.Correct);
        Assert.Empty(state.Figures.Notices);
    }

    [Fact]
    public async Task ImpossibleSettings_AreNamed_AndNothingIsSent()
    {
        var state = await OpenAsync();
        state.Widths = "32,abc";
        state.ReconstructionEpochs = 0;
        state.FineTuneEpochs = 0;
        state.LearningRate = double.NaN;

        Assert.Contains(state.Problems, p => p.Contains("Widths", StringComparison.Ordinal));
        Assert.Contains(state.Problems, p => p.Contains("at least one epoch", StringComparison.Ordinal));
        Assert.Contains(state.Problems, p => p.Contains("learning rate", StringComparison.Ordinal));
        await state.StartAsync();
        Assert.Empty(_engine.PerturbationRequests);
        Assert.NotNull(state.Error);
    }

    [Fact]
    public async Task Train_SendsTheRun_FollowsItsPhases_AndShowsTheNewModelWhenDone()
    {
        var state = await OpenAsync();
        state.Widths = " 16, 32 ";
        state.FineTuneEpochs = 2;
        state.TrainSubset = null;
        state.IncludeTestImages = true;

        await state.StartAsync();

        var request = Assert.Single(_engine.PerturbationRequests);
        Assert.Equal(("net", 1, 2, 32, (int?)null, true), (request.ClassifierModelId, request.ReconstructionEpochs, request.FineTuneEpochs, request.BatchSize,
            request.TrainSubset, request.IncludeTestImages));
        Assert.Equal([16, 32], request.Widths);
        Assert.True(state.IsRunning);
        var job = _engine.Jobs.Single(j => j.Info.Perturbation is not null);
        job.Report(new TrainingProgress(job.Id, TrainingPhase.Batch, 2, 3, 5, 10, 0.25, 0, null, 100, 12, JobState.Running, Step: "fine-tune"));
        await Eventually.True(() => state.ProgressFraction > 0, "the progress to show");
        Assert.Equal(0.5, state.ProgressFraction, 6); // epoch 2 of 3, batch 5 of 10: 15 of 30 batches
        Assert.StartsWith("fine-tune · epoch 2/3 · batch 5/10 · loss 0.2500", state.ProgressText, StringComparison.Ordinal);

        _engine.AddModel(Combined("new-run", DateTimeOffset.UnixEpoch.AddDays(6), full: true));
        job.Finish(JobState.Completed, "new-run");
        await Eventually.True(() => state.Message is not null, "the run's end to show");
        Assert.Equal("new-run", state.Selected?.Id);
        Assert.False(state.IsRunning);
        Assert.Equal("full: test images were trained on", state.Combined.Single(m => m.Id == "new-run").Facts!.Perturbation!.SplitLabel);
    }

    private async Task<PerturbationViewState> OpenAsync()
    {
        var state = new PerturbationViewState(_engine, _host);
        await state.InitializeAsync();
        return state;
    }

    private static ModelInfo Combined(string id, DateTimeOffset created, bool full) =>
        new(id, $"U-Net → net ({id})", ModelKinds.AutoencoderPerturbed, "fashion-mnist", FakeEngine.ClassNames, 0.85, 3_700_000, created,
            new ModelFacts(SourceModelId: "net", Perturbation: new PerturbationFacts("net", ModelKinds.SeedCnn, [32, 64, 128, 256], 1, 1, 0,
                0.9, 0.88, 0.91, full ? 0.97 : 0.89, 40, 50, full ? 70_000 : 10_000, 10_000, full)));
}
