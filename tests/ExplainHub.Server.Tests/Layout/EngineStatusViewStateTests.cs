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
