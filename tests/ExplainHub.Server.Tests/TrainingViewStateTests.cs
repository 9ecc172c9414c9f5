using ExplainHub.Server.Tests.Fakes;
using ExplainHub.Server.Training;
using ExplainHub.Shared;

namespace ExplainHub.Server.Tests;

public sealed class TrainingViewStateTests : IDisposable
{
    private readonly FakeEngine _engine = new();
    private readonly TestViewHost _host = new();

    [Fact]
    public async Task Initialize_LoadsFashionMnistAndModels_NewestFirst()
    {
        _engine.AddModel("old", DateTimeOffset.UtcNow.AddDays(-1));
        _engine.AddModel("new", DateTimeOffset.UtcNow);
        await using var state = NewState();

        await state.InitializeAsync();

        Assert.Equal("fashion-mnist", state.Dataset?.Id);
        Assert.Equal(["new", "old"], state.Models.Select(m => m.Id));
        Assert.Equal(TrainingStatus.Idle, state.Status);
        Assert.True(state.CanStart);
        Assert.False(state.CanStop);
    }

    [Fact]
    public async Task Initialize_WithoutFashionMnist_SaysSoAndCannotStart()
    {
        _engine.Dataset = _engine.Dataset with { Id = "other" };
        await using var state = NewState();

        await state.InitializeAsync();

        Assert.False(state.CanStart);
        Assert.Contains("fashion-mnist", Assert.Single(_host.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_QueuesTheSeedCnnWithTheChosenEpochsAndSubset()
    {
        await using var state = await InitializedState();
        state.Epochs = 1;
        state.TrainSubset = 2000;

        await state.StartAsync();

        var request = Assert.Single(_engine.StartedRequests);
        Assert.Equal(new TrainRequest("fashion-mnist", ModelKinds.SeedCnn, Epochs: 1, TrainSubset: 2000), request);
        Assert.Equal(TrainingStatus.Running, state.Status);
        Assert.True(state.CanStop);
        Assert.False(state.CanStart);
    }

    [Fact]
    public async Task Start_Defaults_AreTheSeedRecipeOnTheWholeTrainingSplit()
    {
        await using var state = await InitializedState();

        await state.StartAsync();

        var request = Assert.Single(_engine.StartedRequests);
        Assert.Equal(10, request.Epochs);
        Assert.Null(request.TrainSubset);
    }

    [Fact]
    public async Task Progress_FoldsIntoCurvesAndTheProgressLine()
    {
        await using var state = await InitializedState();
        await state.StartAsync();
        var job = _engine.Job(state.Job!.Id);

        job.Report(Reports.Batch(1, 5, jobId: job.Id));
        await Eventually.True(() => state.Latest is not null, "the first report");

        Assert.Equal([new CurvePoint(0.5, 1.0)], state.Curves.Loss.Points);
        Assert.StartsWith("Epoch 1/10 · batch 5/10", state.ProgressLine, StringComparison.Ordinal);
        Assert.Equal(0.05, state.ProgressFraction, 6);
    }

    [Fact]
    public async Task Progress_IsFoldedAtMostOncePerRenderInterval_AndTheLastStateAlwaysShows()
    {
        var time = new ManualTimeProvider();
        await using var state = await InitializedState(time);
        await state.StartAsync();
        var job = _engine.Job(state.Job!.Id);
        var rendersBefore = _host.Renders;

        // The first report renders at once; the loop then waits out the interval.
        job.Report(Reports.Batch(1, 1, batchesPerEpoch: 100, jobId: job.Id));
        await Eventually.True(() => time.PendingTimers == 1, "the render interval to start");
        Assert.Equal(rendersBefore + 1, _host.Renders);

        // A burst within the interval is not rendered...
        for (var batch = 2; batch <= 60; batch++)
        {
            job.Report(Reports.Batch(1, batch, batchesPerEpoch: 100, jobId: job.Id));
        }

        await Task.Delay(50);
        Assert.Equal(rendersBefore + 1, _host.Renders);
        Assert.Equal(1, state.Latest!.Batch);

        // ...until the interval has passed: then the whole burst is folded in one render.
        time.Advance(TrainingViewState.DefaultRenderInterval);
        await Eventually.True(() => state.Latest!.Batch == 60, "the burst to be folded");
        Assert.Equal(rendersBefore + 2, _host.Renders);
    }

    [Fact]
    public void DefaultRenderInterval_AllowsAtMostFiveRendersASecond() =>
        Assert.True(TrainingViewState.DefaultRenderInterval >= TimeSpan.FromMilliseconds(200));

    [Fact]
    public async Task Completion_ShowsTheNewModelsCams_WithoutWaitingForTheRenderInterval()
    {
        var time = new ManualTimeProvider();
        await using var state = await InitializedState(time);
        await state.StartAsync();
        var job = _engine.Job(state.Job!.Id);
        job.Report(Reports.Batch(1, 1, jobId: job.Id));
        job.Report(Reports.Epoch(1, 0.85, jobId: job.Id));
        var model = _engine.AddModel("model-1");

        job.Finish(JobState.Completed, model.Id);
        await state.WatchCompletion.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(TrainingStatus.Completed, state.Status);
        Assert.Equal("model-1", state.SelectedModelId);
        Assert.Contains(state.Models, m => m.Id == "model-1");
        Assert.Equal(TrainingViewState.TileCount, state.Tiles.Count);
        Assert.False(state.IsLoadingCam);
        Assert.Equal([0.85], state.Curves.TestAccuracy.Points.Select(p => p.Y));
        var explain = Assert.Single(_engine.ExplainRequests);
        Assert.Equal((ExplanationMethods.Cam, DatasetSplit.Test), (explain.Method, explain.Split));
    }

    [Fact]
    public async Task Stop_CancelsTheJob_AndShowsNoCams()
    {
        await using var state = await InitializedState();
        await state.StartAsync();

        await state.StopAsync();
        await state.WatchCompletion.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(JobState.Cancelled, _engine.Job(state.Job!.Id).Info.State);
        Assert.Equal(TrainingStatus.Cancelled, state.Status);
        Assert.Empty(state.Tiles);
        Assert.True(state.CanStart);
    }

    [Fact]
    public async Task StartError_IsShown_AndTheUserCanTryAgain()
    {
        _engine.FailStart = () => new EngineException(EngineErrorKind.Native, "libtorch is not installed.");
        await using var state = await InitializedState();

        await state.StartAsync();

        Assert.Equal(TrainingStatus.Failed, state.Status);
        Assert.Equal("libtorch is not installed.", state.Error);
        Assert.Equal(["libtorch is not installed."], _host.Errors);
        Assert.True(state.CanStart);
    }

    [Fact]
    public async Task UnexpectedError_IsShownAsSuch_NotThrownIntoTheCircuit()
    {
        _engine.FailStart = () => new InvalidOperationException("boom");
        await using var state = await InitializedState();

        await state.StartAsync();

        Assert.Equal("Unexpected error: boom", state.Error);
    }

    [Fact]
    public async Task FailedJob_ShowsTheEnginesReason()
    {
        await using var state = await InitializedState();
        await state.StartAsync();

        _engine.Job(state.Job!.Id).Finish(JobState.Failed, error: "Out of memory.");
        await state.WatchCompletion.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(TrainingStatus.Failed, state.Status);
        Assert.Equal("Out of memory.", state.Error);
    }

    [Fact]
    public async Task StopError_IsShown_AndTheRunKeepsGoing()
    {
        _engine.FailCancel = () => new EngineException(EngineErrorKind.Unavailable, "Engine host unreachable.");
        await using var state = await InitializedState();
        await state.StartAsync();

        await state.StopAsync();

        Assert.Equal(TrainingStatus.Running, state.Status);
        Assert.Equal("Engine host unreachable.", state.Error);
    }

    [Fact]
    public async Task ABrokenProgressStream_IsWatchedAgain_AndTheCurvesGoOnWithoutDoubling()
    {
        await using var state = await InitializedState();
        await state.StartAsync();
        var job = _engine.Job(state.Job!.Id);
        await Eventually.True(() => job.WatcherCount == 1, "the page to watch the job");
        job.Report(Reports.Batch(1, 5, jobId: job.Id));
        job.Report(Reports.Epoch(1, 0.8, jobId: job.Id));
        await Eventually.True(() => state.Curves.TestAccuracy.Points.Count == 1, "the first epoch");

        // A remote engine's link drops; the client reconnects and the page watches again (the engine replays it all).
        job.BreakStreams(new EngineException(EngineErrorKind.Unavailable, "Connection lost."));
        await Eventually.True(() => job.WatcherCount == 1, "the page to watch the job again");
        job.Report(Reports.Epoch(2, 0.85, jobId: job.Id));
        await Eventually.True(() => state.Curves.TestAccuracy.Points.Count == 2, "the second epoch");

        Assert.Equal([0.8, 0.85], state.Curves.TestAccuracy.Points.Select(p => p.Y));
        Assert.Null(state.Error);
        Assert.Equal(TrainingStatus.Running, state.Status);
    }

    [Fact]
    public async Task ExplainError_IsShown_AndLoadingEnds()
    {
        _engine.AddModel("m");
        _engine.FailExplain = () => new EngineException(EngineErrorKind.InvalidRequest, "Model 'm' has no GAP head.");
        await using var state = await InitializedState();

        await state.ShowModelAsync("m");

        Assert.Equal("Model 'm' has no GAP head.", state.Error);
        Assert.False(state.IsLoadingCam);
        Assert.Empty(state.Tiles);
    }

    [Fact]
    public async Task ShowModel_OfAnEarlierRun_ShowsItsCamsWithoutTraining()
    {
        _engine.AddModel("earlier");
        await using var state = await InitializedState();

        await state.ShowModelAsync("earlier");

        Assert.Empty(_engine.StartedRequests);
        Assert.Equal(TrainingViewState.TileCount, state.Tiles.Count);
        Assert.Contains(state.Tiles, t => t.IsConfident);
        Assert.Contains(state.Tiles, t => !t.IsConfident);
    }

    [Fact]
    public async Task ShowNextImages_ExplainsOtherTestImages()
    {
        _engine.AddModel("m");
        await using var state = await InitializedState();
        await state.ShowModelAsync("m");

        await state.ShowNextImagesAsync();

        Assert.Equal(2, _engine.ExplainRequests.Count);
        Assert.Empty(_engine.ExplainRequests[0].Indices.Intersect(_engine.ExplainRequests[1].Indices));
        Assert.Equal(_engine.ExplainRequests[1].Indices, state.Tiles.Select(t => t.Index));
    }

    [Fact]
    public async Task Initialize_AttachesToARunningJob_AndReplaysItsProgress()
    {
        var job = _engine.AddRunningJob(new TrainRequest("fashion-mnist", Epochs: 3, TrainSubset: 5000));
        job.Report(Reports.Batch(1, 5, epochs: 3, jobId: job.Id));
        job.Report(Reports.Epoch(1, 0.8, epochs: 3, jobId: job.Id));

        await using var state = await InitializedState();
        await Eventually.True(() => state.Curves.TestAccuracy.Points.Count == 1, "the replayed epoch");

        Assert.Equal(TrainingStatus.Running, state.Status);
        Assert.Equal(job.Id, state.Job?.Id);
        Assert.Equal((3, 5000), (state.Epochs, state.TrainSubset));
        Assert.True(state.CanStop);
    }

    [Fact]
    public async Task Initialize_LeavesAloneRunningJobsThisPageDidNotStart()
    {
        var classical = _engine.AddRunningJob(new TrainRequest("fashion-mnist", ModelKinds.LinearSvm));
        var resnet = _engine.AddRunningJob(new TrainRequest("fashion-mnist", ModelKinds.ResNet18, Epochs: 3));

        await using var state = await InitializedState();

        Assert.Null(state.Job);
        Assert.NotEqual(TrainingStatus.Running, state.Status);
        Assert.True(state.CanStart);
        Assert.All(new[] { classical, resnet }, j => Assert.Equal(JobState.Running, j.Info.State));
    }

    [Fact]
    public async Task Dispose_StopsWatching_ButLeavesTheJobRunning()
    {
        var state = await InitializedState();
        await state.StartAsync();
        var job = _engine.Job(state.Job!.Id);

        await state.DisposeAsync();
        await state.WatchCompletion.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(JobState.Running, job.Info.State);
    }

    [Fact]
    public async Task StartAgain_AfterARun_ResetsTheCurves()
    {
        await using var state = await InitializedState();
        await state.StartAsync();
        var first = _engine.Job(state.Job!.Id);
        first.Report(Reports.Epoch(1, 0.8, jobId: first.Id));
        first.Finish(JobState.Cancelled);
        await state.WatchCompletion.WaitAsync(TimeSpan.FromSeconds(10));
        var generation = state.Curves.Generation;

        await state.StartAsync();

        Assert.Equal(0, state.Curves.PointCount);
        Assert.Equal(generation + 1, state.Curves.Generation);
        Assert.Null(state.Error);
    }

    public void Dispose() => _host.Dispose();

    /// <summary>Without a clock, renders are not throttled: tests that are not about throttling see every report.</summary>
    private TrainingViewState NewState(ManualTimeProvider? time = null) =>
        time is null
            ? new(_engine, _host, renderInterval: TimeSpan.Zero)
            : new(_engine, _host, time: time);

    private async Task<TrainingViewState> InitializedState(ManualTimeProvider? time = null)
    {
        var state = NewState(time);
        await state.InitializeAsync();
        return state;
    }
}
