using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

/// <summary>Resumes a network run from its checkpoint and follows it like 'train' does.</summary>
internal sealed record ResumeCommand(GlobalOptions Global, string CheckpointId) : EngineCommand(Global)
{
    public override async Task<int> RunAsync(CliContext context, IEngine engine, CancellationToken cancellationToken)
    {
        var job = await engine.ResumeTrainingAsync(CheckpointId, cancellationToken);
        context.Error.WriteLine($"job {job.Id}: resuming {CheckpointId} ({job.Request.ModelKind} on {job.Request.DatasetId}, {job.Request.Epochs} epoch(s) in all)");
        return await new TrainingJobFollower(Global).FollowAsync(context, engine, job, cancellationToken);
    }
}
