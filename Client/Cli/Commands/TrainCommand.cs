using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

/// <summary>Starts a training job and follows it to the end (see <see cref="TrainingJobFollower"/>).</summary>
internal sealed record TrainCommand(GlobalOptions Global, TrainRequest Request) : EngineCommand(Global)
{
    public override async Task<int> RunAsync(CliContext context, IEngine engine, CancellationToken cancellationToken)
    {
        // Never abandoned half-way: the engine may have started the job already. A Ctrl+C meanwhile is seen by the
        // watch that follows, which cancels the job (a second Ctrl+C still quits at once).
        var job = await engine.StartTrainingAsync(Request, CancellationToken.None);
        context.Error.WriteLine($"job {job.Id}: training {Request.ModelKind} on {Request.DatasetId} for {Request.Epochs} epoch(s)");
        return await new TrainingJobFollower(Global).FollowAsync(context, engine, job, cancellationToken);
    }
}
