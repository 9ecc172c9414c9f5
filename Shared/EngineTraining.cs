namespace ExplainHub.Shared;

public static class EngineTraining
{
    /// <summary>
    /// Start a job, relay its progress, and return the final job. Cancelling <paramref name="cancellationToken"/>
    /// cancels the job on the engine too, so a caller that gives up does not leave training running.
    /// </summary>
    public static async Task<JobInfo> TrainAsync(
        this IEngine engine,
        TrainRequest request,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        // The start is not abandoned half-way (the engine may have started the job); a cancel meanwhile reaches the watch.
        var job = await engine.StartTrainingAsync(request, CancellationToken.None).ConfigureAwait(false);
        return await engine.FollowAsync(job, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs seed 004's autoencoder job to its end like <see cref="TrainAsync"/>; the final job names the combined model.</summary>
    public static async Task<JobInfo> PerturbAsync(
        this IEngine engine,
        PerturbationRequest request,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var job = await engine.StartPerturbationAsync(request, CancellationToken.None).ConfigureAwait(false);
        return await engine.FollowAsync(job, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Relays a started job's progress to its end and returns the final job; cancelling cancels it on the engine.</summary>
    internal static async Task<JobInfo> FollowAsync(this IEngine engine, JobInfo job, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var p in engine.WatchJobAsync(job.Id, cancellationToken).ConfigureAwait(false))
            {
                progress?.Report(p);
            }
        }
        catch (OperationCanceledException)
        {
            await engine.CancelJobAsync(job.Id, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        return await engine.GetJobAsync(job.Id, cancellationToken).ConfigureAwait(false);
    }
}
