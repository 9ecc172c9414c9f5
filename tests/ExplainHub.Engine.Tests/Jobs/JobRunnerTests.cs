using ExplainHub.Engine.Jobs;
using ExplainHub.Shared;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExplainHub.Engine.Tests.Jobs;

public sealed class JobRunnerTests
{
    [Theory]
    [InlineData(true, JobState.Completed)]
    [InlineData(false, JobState.Cancelled)]
    public async Task ACancelDuringATrainingRunsLastMeasuring_LeavesItCompleted_WhenItRanToItsEnd(bool ranToEnd, JobState expected)
    {
        // A run cancelled as its last epoch is measured trains nothing more and stores its whole model: "cancelled"
        // would say otherwise. One stopped early is a cancelled run, whatever it kept.
        using var jobs = new JobRunner(NullLogger.Instance);
        var job = jobs.Start(new TrainRequest("d"), job =>
        {
            job.Cancel();
            if (ranToEnd)
            {
                job.MarkRanToEnd();
            }

            return "m-kept";
        });

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!jobs.Get(job.Id).IsFinished && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal((expected, "m-kept"), (jobs.Get(job.Id).Info.State, jobs.Get(job.Id).Info.ModelId));
    }
}
