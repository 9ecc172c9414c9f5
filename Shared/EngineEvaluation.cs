namespace ExplainHub.Shared;

public static class EngineEvaluation
{
    /// <summary>
    /// Start an evaluation, relay its progress and return the stored result. Cancelling
    /// <paramref name="cancellationToken"/> cancels the job on the engine too; a job that was cancelled there or
    /// failed is an <see cref="EngineException"/> saying so.
    /// </summary>
    public static async Task<EvaluationResult> EvaluateAsync(
        this IEngine engine,
        EvaluationRequest request,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var job = await engine.StartEvaluationAsync(request, cancellationToken).ConfigureAwait(false);
        var finished = await engine.FollowAsync(job, progress, cancellationToken).ConfigureAwait(false);
        return finished switch
        {
            { State: JobState.Completed, EvaluationId: { } id } => await engine.GetEvaluationAsync(id, cancellationToken).ConfigureAwait(false),
            { State: JobState.Cancelled } => throw new EngineException(EngineErrorKind.Cancelled, $"Evaluation job {job.Id} was cancelled."),
            _ => throw new EngineException(EngineErrorKind.Native, $"Evaluation job {job.Id} failed: {finished.Error ?? "no reason given"}"),
        };
    }
}
