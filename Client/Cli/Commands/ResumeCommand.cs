using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

/// <summary>Resumes a network run from its checkpoint and follows it like 'train' does.</summary>
internal sealed record ResumeCommand(GlobalOptions Global, string CheckpointId) : EngineCommand(Global)
{
    public override async Task<int> RunAsync(CliContext context, IEngine engine, CancellationToken cancellationToken)
    {
        // Never abandoned half-way, as train's start (see TrainCommand): the watch that follows cancels on a Ctrl+C.
        var job = await engine.ResumeTrainingAsync(CheckpointId, CancellationToken.None);
        if (job.Request is { } request)
        {
            context.Error.WriteLine($"job {job.Id}: resuming {CheckpointId} ({request.ModelKind} on {request.DatasetId}, {request.Epochs} epoch(s) in all)");
        }

        return await new TrainingJobFollower(Global).FollowAsync(context, engine, job, cancellationToken);
    }
}
