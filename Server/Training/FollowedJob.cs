using ExplainHub.Shared;

namespace ExplainHub.Server.Training;

/// <summary>
/// The one engine job a page follows at a time (an import, an evaluation): the job as last seen, its latest progress,
/// cancelling it, and following a new one in its place (<see cref="JobWatch"/> does the following).
/// </summary>
public sealed class FollowedJob(IEngine engine, IViewHost host) : IDisposable
{
    private CancellationTokenSource? _watch;

    public JobInfo? Job { get; private set; }

    public TrainingProgress? Latest { get; private set; }

    public bool IsActive => Job is { State: JobState.Queued or JobState.Running };

    /// <summary>Steps done of all, from the job's own progress reports (0 until the first).</summary>
    public double Fraction => Latest is { BatchesPerEpoch: > 0 } p ? Math.Clamp(p.Batch / (double)p.BatchesPerEpoch, 0, 1) : 0;

    /// <summary>Follows <paramref name="job"/> instead of the one before; <paramref name="onEnd"/> runs once it has ended, with the final job.</summary>
    public void Follow(JobInfo job, Func<JobInfo, Task> onEnd, Action<EngineException> onError)
    {
        _watch?.Cancel();
        _watch?.Dispose();
        _watch = new CancellationTokenSource();
        Job = job;
        Latest = job.Latest;
        _ = JobWatch.FollowAsync(engine, host, job.Id, progress => Latest = progress, async finished =>
        {
            Job = finished;
            await onEnd(finished);
        }, onError, _watch.Token);
    }

    /// <returns>Why the engine would not cancel it, or null (the end arrives through the watch).</returns>
    public async Task<string?> CancelAsync()
    {
        if (Job is not { } job)
        {
            return null;
        }

        try
        {
            await engine.CancelJobAsync(job.Id);
            return null;
        }
        catch (EngineException e)
        {
            return e.Message;
        }
    }

    public void Dispose()
    {
        _watch?.Cancel();
        _watch?.Dispose();
    }
}
