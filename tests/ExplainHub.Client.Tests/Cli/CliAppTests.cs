using System.Text.Json;
using ExplainHub.Client.Cli;
using ExplainHub.Client.Tests.Fakes;
using ExplainHub.Shared;

namespace ExplainHub.Client.Tests.Cli;

public sealed class CliAppTests
{
    [Fact]
    public async Task UsageError_IsOneErrorLine_AndExitCodeTwo()
    {
        var engine = new FakeEngine();

        var run = await CliRun.RunAsync(engine, ["train", "--dataset", "d", "--epochs", "zero"]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal(["error: --epochs must be a whole number, not 'zero'"], run.ErrorLines);
        Assert.Empty(run.Out);
        Assert.Equal(0, run.EngineReleases);
    }

    [Fact]
    public async Task UnknownModel_IsOneErrorLine_AndExitCodeOne()
    {
        var engine = new FakeEngine();
        engine.Models.Add(TestImages.Model("m-1"));

        var run = await CliRun.RunAsync(engine, ["predict", "--model", "m-404", "--indices", "0"]);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("error: No model 'm-404'", line, StringComparison.Ordinal);
        Assert.Equal(1, run.EngineReleases);
    }

    [Theory]
    [InlineData("http://10.0.0.5:5090", true)]
    [InlineData("https://gpu-box:5090", false)]
    [InlineData("http://127.0.0.1:5090", false)]
    public async Task AnEngineOverPlainHttpBeyondLoopback_IsWarnedAbout_OnStandardError(string url, bool warned)
    {
        var run = await CliRun.RunAsync(new FakeEngine(), ["info", "--json", "--engine", url]);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(warned, run.Error.Contains("warning: the engine at", StringComparison.Ordinal));
        Assert.DoesNotContain("warning", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EngineErrorWithSeveralLines_IsPrintedOnOneLine()
    {
        var engine = new FakeEngine
        {
            OnGetInfo = _ => throw new EngineException(EngineErrorKind.Native, "libtorch failed:\nout of memory\n"),
        };

        var run = await CliRun.RunAsync(engine, ["info"]);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal(["error: libtorch failed: out of memory"], run.ErrorLines);
    }

    [Fact]
    public async Task Datasets_AsJson_IsTheEnginesList()
    {
        var engine = new FakeEngine();
        engine.Datasets.Add(new DatasetInfo("tiny", "Tiny", 1, 28, 28, TestImages.ClassNames, 10, 4));

        var run = await CliRun.RunAsync(engine, ["datasets", "--json"]);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var datasets = JsonSerializer.Deserialize<DatasetInfo[]>(run.Out, CliJson.Options)!;
        Assert.Equal("tiny", Assert.Single(datasets).Id);
        Assert.Equal(TestImages.ClassNames, datasets[0].ClassNames);
    }

    [Fact]
    public async Task DeleteModel_DeletesTheModelOnTheEngine_AndRefusesAnUnknownOneWithoutCallingIt()
    {
        var deleted = new List<string>();
        var engine = new FakeEngine
        {
            OnDeleteModel = id =>
            {
                deleted.Add(id);
                return TestImages.Model(id);
            },
        };
        engine.Models.Add(TestImages.Model("m-1"));

        var run = await CliRun.RunAsync(engine, ["delete-model", "--model", "m-1"]);
        var unknown = await CliRun.RunAsync(engine, ["delete-model", "--model", "m-404"]);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.StartsWith("deleted m-1 (", run.Out, StringComparison.Ordinal);
        Assert.Equal(["m-1"], deleted);
        Assert.Equal(ExitCodes.Failure, unknown.ExitCode);
        Assert.StartsWith("error: No model 'm-404'", Assert.Single(unknown.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteModel_ThatTheEngineRefuses_SaysWhy()
    {
        var engine = new FakeEngine
        {
            OnDeleteModel = id => throw new EngineException(EngineErrorKind.InvalidRequest, $"Model '{id}' is in use by evaluation job j-1; cancel it or wait for it to end, then delete the model."),
        };
        engine.Models.Add(TestImages.Model("m-1"));

        var run = await CliRun.RunAsync(engine, ["delete-model", "--model", "m-1"]);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal(["error: Model 'm-1' is in use by evaluation job j-1; cancel it or wait for it to end, then delete the model."], run.ErrorLines);
    }

    [Fact]
    public async Task Predict_PrintsLabelAndPredictionByName()
    {
        var engine = new FakeEngine
        {
            OnPredict = r => new PredictionBatch(r.ModelId, 2, [new Prediction(r.Indices[0], 0, 1, [0.2f, 0.8f])]),
        };
        engine.Models.Add(TestImages.Model());

        var run = await CliRun.RunAsync(engine, ["predict", "--model", "m-1", "--indices", "5"]);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var row = run.Out.Split('\n')[1];
        Assert.Matches(@"^5\s+T-shirt/top\s+Trouser\s+0\.800\s+wrong$", row);
    }

    [Fact]
    public async Task Train_FollowsTheJob_AndPrintsTheFinalJobAsJson()
    {
        var engine = new FakeEngine();
        engine.Progress.AddRange(
        [
            Progress(TrainingPhase.Batch, epoch: 1, batch: 1),
            Progress(TrainingPhase.Epoch, epoch: 1, batch: 2, testAccuracy: 0.5),
            Progress(TrainingPhase.Finished, epoch: 1, batch: 2, testAccuracy: 0.5, state: JobState.Completed),
        ]);

        var run = await CliRun.RunAsync(engine, ["train", "--dataset", "tiny", "--epochs", "1", "--json"]);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var job = JsonSerializer.Deserialize<JobInfo>(run.Out, CliJson.Options)!;
        Assert.Equal(JobState.Completed, job.State);
        Assert.Equal("m-trained", job.ModelId);
        Assert.Equal(1, job.Request!.Epochs);
        Assert.Contains("epoch 1/1  loss 0.5000  acc 50.00%  test acc 50.00%", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_CancelsTheJobOnTheEngine_WhenCancelled()
    {
        var engine = new FakeEngine { RunUntilCancelled = true };
        engine.Progress.Add(Progress(TrainingPhase.Batch, epoch: 1, batch: 1));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var run = await CliRun.RunAsync(engine, ["train", "--dataset", "tiny"], cancellationToken: cancellation.Token);

        Assert.Equal(ExitCodes.Cancelled, run.ExitCode);
        Assert.Equal(["job-1"], engine.CancelledJobs);
        Assert.Contains("cancelled job job-1; no model was kept", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_CancelledWhileTheStartIsOnItsWay_CancelsTheJobItStarted()
    {
        var engine = new FakeEngine { RunUntilCancelled = true, StartAnswerDelay = TimeSpan.FromMilliseconds(400) };
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        var run = await CliRun.RunAsync(engine, ["train", "--dataset", "tiny"], cancellationToken: cancellation.Token);

        Assert.Equal(ExitCodes.Cancelled, run.ExitCode);
        Assert.Equal(["job-1"], engine.CancelledJobs);
    }

    [Fact]
    public async Task ACancelledCommand_DoesNotWaitForWorkThatStillHoldsTheEngine()
    {
        var engine = new FakeEngine { RunUntilCancelled = true, ReleaseWaitsFor = new TaskCompletionSource().Task };
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        var run = await CliRun.RunAsync(engine, ["train", "--dataset", "tiny"], cancellationToken: cancellation.Token).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal((ExitCodes.Cancelled, 1), (run.ExitCode, run.EngineReleases));
    }

    [Fact]
    public async Task Train_FailsWithTheJobsError_WhenTheJobFails()
    {
        var engine = new FakeEngine { FinalState = JobState.Failed };

        var run = await CliRun.RunAsync(engine, ["train", "--dataset", "tiny"]);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal("error: training job job-1 failed: the loss diverged", run.ErrorLines[^1]);
    }

    [Fact]
    public async Task Train_ThatLosesTheEngine_SaysWhichJobMayStillRunThere()
    {
        var engine = new FakeEngine { WatchError = new EngineException(EngineErrorKind.Unavailable, "Lost the engine at http://gpu:5090/engine.") };
        engine.Progress.Add(Progress(TrainingPhase.Batch, epoch: 1, batch: 1));

        var run = await CliRun.RunAsync(engine, ["train", "--dataset", "tiny"]);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.StartsWith("error: Lost the engine at http://gpu:5090/engine. Job job-1 was running there and may still be", run.ErrorLines[^1], StringComparison.Ordinal);
    }

    private static TrainingProgress Progress(
        TrainingPhase phase,
        int epoch,
        int batch,
        double? testAccuracy = null,
        JobState state = JobState.Running) =>
        new("job-1", phase, epoch, 1, batch, 2, 0.5, 0.5, testAccuracy, 100, 1, state);
}
