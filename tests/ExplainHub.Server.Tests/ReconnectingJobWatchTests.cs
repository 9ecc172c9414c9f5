using ExplainHub.Server.Tests.Fakes;
using ExplainHub.Shared;

namespace ExplainHub.Server.Tests;

/// <summary>The job watch that bridges a remote engine's dropped link, over the fake engine's replaying jobs.</summary>
public sealed class ReconnectingJobWatchTests
{
    private static readonly TimeSpan[] NoPauses = [TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero];
    private readonly FakeEngine _engine = new();

    [Fact]
    public async Task AfterEachDroppedLink_TheWatchGoesOnWhereItStopped_ToTheJobsEnd()
    {
        var job = _engine.AddRunningJob(new TrainRequest("fashion-mnist", Epochs: 3));
        var given = new List<int>();
        var watching = Task.Run(async () =>
        {
            await foreach (var progress in ReconnectingJobWatch.WatchAsync(_engine, job.Id, pauses: NoPauses))
            {
                given.Add(progress.Epoch);
            }
        });

        for (var epoch = 1; epoch <= 3; epoch++)
        {
            await Eventually.True(() => job.WatcherCount == 1, $"a watch before epoch {epoch}");
            job.Report(Reports.Epoch(epoch, 0.5, epochs: 3, jobId: job.Id));
            await Eventually.True(() => given.Count == epoch, $"epoch {epoch} to be given");
            // Two drops an epoch, more than there are pauses in all: each report given starts the count again.
            job.BreakStreams(new EngineException(EngineErrorKind.Unavailable, "Connection lost."));
            await Eventually.True(() => job.WatcherCount == 1, "the watch to start again");
            job.BreakStreams(new EngineException(EngineErrorKind.Unavailable, "Connection lost."));
        }

        await Eventually.True(() => job.WatcherCount == 1, "a watch before the end");
        job.Finish(JobState.Completed, modelId: "m");
        await watching.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([1, 2, 3, 3], given); // each epoch once, then the finished report (which repeats the last epoch)
    }

    [Fact]
    public async Task AnEngineThatStaysAway_OrAJobThatIsGone_IsTheCallersFailure()
    {
        var job = _engine.AddRunningJob(new TrainRequest("fashion-mnist"));
        var watching = Task.Run(async () =>
        {
            await foreach (var _ in ReconnectingJobWatch.WatchAsync(_engine, job.Id, pauses: NoPauses))
            {
            }
        });

        for (var drop = 0; drop <= NoPauses.Length; drop++)
        {
            await Eventually.True(() => job.WatcherCount == 1 || watching.IsCompleted, "a watch");
            job.BreakStreams(new EngineException(EngineErrorKind.Unavailable, $"Connection lost ({drop})."));
        }

        var away = await Assert.ThrowsAsync<EngineException>(() => watching.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal($"Connection lost ({NoPauses.Length}).", away.Message);
        var gone = await Assert.ThrowsAsync<EngineException>(async () =>
        {
            await foreach (var _ in ReconnectingJobWatch.WatchAsync(_engine, "job-404", pauses: NoPauses))
            {
            }
        });
        Assert.Equal(EngineErrorKind.NotFound, gone.Kind);
    }
}
