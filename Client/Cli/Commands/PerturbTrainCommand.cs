using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

/// <summary>
/// Seed 004's run: a U-Net autoencoder learns to reconstruct the classifier's training images, then is fine-tuned
/// through the frozen classifier; followed like 'train' (Ctrl+C cancels), then its Table 4.1 row.
/// </summary>
internal sealed record PerturbTrainCommand(GlobalOptions Global, PerturbationRequest Request) : EngineCommand(Global)
{
    public override async Task<int> RunAsync(CliContext context, IEngine engine, CancellationToken cancellationToken)
    {
        // Never abandoned half-way: the engine may have started the job already. A Ctrl+C meanwhile is seen by the
        // watch that follows, which cancels the job (a second Ctrl+C still quits at once).
        var job = await engine.StartPerturbationAsync(Request, CancellationToken.None);
        context.Error.WriteLine($"job {job.Id}: U-Net autoencoder through {Request.ClassifierModelId}, "
            + $"{Request.ReconstructionEpochs} reconstruction + {Request.FineTuneEpochs} fine-tune epoch(s)"
            + (Request.IncludeTestImages ? ", test images included (the seed's 'full' rows)" : ", training split only"));
        var code = await new TrainingJobFollower(Global).FollowAsync(context, engine, job, cancellationToken);
        if (code != ExitCodes.Ok || Global.Json)
        {
            return code;
        }

        // The job completed: a Ctrl+C that came too late to stop it must not hide the model it made.
        var ended = await engine.GetJobAsync(job.Id, CancellationToken.None);
        var model = await ModelLookup.FindAsync(engine, ended.ModelId ?? throw new EngineException(EngineErrorKind.Native, $"job {job.Id} ended without a model"), CancellationToken.None);
        PerturbationTable.Write(context.Out, [model]);
        return ExitCodes.Ok;
    }
}
