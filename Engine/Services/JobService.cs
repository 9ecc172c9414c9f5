using System.Runtime.CompilerServices;
using ExplainHub.Engine.Jobs;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Services;

/// <summary>Jobs of any kind: their state, their progress as a stream, and cancellation.</summary>
public sealed class JobService(JobRunner jobs)
{
    public JobInfo Get(string jobId) => jobs.Get(jobId).Info;

    public IReadOnlyList<JobInfo> List() => jobs.List();

    public JobInfo Cancel(string jobId)
    {
        var job = jobs.Get(jobId);
        job.Cancel();
        return job.Info;
    }

    public async IAsyncEnumerable<TrainingProgress> WatchAsync(string jobId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var job = jobs.Get(jobId);
        await foreach (var progress in job.WatchAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return progress;
        }
    }
}
