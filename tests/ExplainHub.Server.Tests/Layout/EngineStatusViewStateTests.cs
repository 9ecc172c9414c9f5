using ExplainHub.Server.Layout;
using ExplainHub.Server.Tests.Fakes;
using ExplainHub.Shared;

namespace ExplainHub.Server.Tests.Layout;

public sealed class EngineStatusViewStateTests
{
    [Fact]
    public async Task TheAppBar_SaysWhereTheEngineComputes_AndCountsItsQueuedAndRunningJobs()
    {
        var engine = new FakeEngine();
        engine.AddRunningJob(new TrainRequest("fashion-mnist"));
        engine.AddRunningJob(new TrainRequest("fashion-mnist"), JobState.Queued);
        engine.AddRunningJob(new TrainRequest("fashion-mnist"), JobState.Queued);
        engine.AddRunningJob(new TrainRequest("fashion-mnist")).Finish(JobState.Completed);
        using var host = new TestViewHost();
        await using var status = new EngineStatusViewState(engine, host, time: new ManualTimeProvider());

        await status.StartAsync();

        Assert.Equal("cpu · 1 thread", status.DeviceText);
        Assert.Equal((1, 2), (status.Running, status.Queued));
        Assert.Equal("1 running · 2 queued", status.JobsText);
    }

    [Fact]
    public async Task JobsAreReadAgainEveryInterval_AndAnEngineThatStopsAnswering_IsShownAsSuch()
    {
        var engine = new FakeEngine();
        var time = new ManualTimeProvider();
        using var host = new TestViewHost();
        await using var status = new EngineStatusViewState(engine, host, time: time);
        await status.StartAsync();
        Assert.Equal(0, status.Running);

        engine.AddRunningJob(new TrainRequest("fashion-mnist"));
        await Eventually.True(() => time.PendingTimers > 0, "the poll to wait");
        time.Advance(status.PollInterval);
        await Eventually.True(() => status.Running == 1, "the new job to be counted");

        engine.FailListJobs = () => new EngineException(EngineErrorKind.Unavailable, "connection refused");
        await Eventually.True(() => time.PendingTimers > 0, "the poll to wait");
        time.Advance(status.PollInterval);
        await Eventually.True(() => status.Unreachable is not null, "the failure to show");
        Assert.Equal("engine unreachable", status.DeviceText);
        Assert.Empty(host.Errors); // a status line, not a pop-up every two seconds

        engine.FailListJobs = null;
        time.Advance(status.PollInterval);
        await Eventually.True(() => status.Unreachable is null, "recovery to show");
    }
}

public sealed class JobNoticeTests
{
    [Fact]
    public async Task AJobSeenRunning_SaysSoWhenItEnds_AndJobsThatEndedBeforeSayNothing()
    {
        var engine = new FakeEngine();
        var time = new ManualTimeProvider();
        engine.AddRunningJob(new TrainRequest("fashion-mnist")).Finish(JobState.Completed);
        var running = engine.AddRunningJob(new TrainRequest("fashion-mnist", ModelKinds.ResNet18));
        var failing = engine.AddRunningJob(new TrainRequest("fashion-mnist", ModelKinds.LinearSvm));
        using var host = new TestViewHost();
        await using var status = new EngineStatusViewState(engine, host, time: time);
        var notices = new List<JobNotice>();
        status.JobEnded += n => { lock (notices) { notices.Add(n); } };
        await status.StartAsync();
        Assert.Empty(notices);

        running.Report(Reports.Epoch(1, testAccuracy: 0.912, epochs: 1, jobId: running.Id));
        running.Finish(JobState.Completed, modelId: "m-1");
        failing.Finish(JobState.Failed, error: "LIBLINEAR ran out of memory");
        time.Advance(status.PollInterval);
        await Eventually.True(() => { lock (notices) { return notices.Count == 2; } }, "two notices");

        Assert.Contains(new JobNotice("Training of resnet18 finished: 91.2% test accuracy.", false), notices);
        Assert.Contains(new JobNotice("Training of linear-svm failed: LIBLINEAR ran out of memory", true), notices);
        time.Advance(status.PollInterval);
        await Task.Delay(50);
        Assert.Equal(2, notices.Count); // said once
    }
}
