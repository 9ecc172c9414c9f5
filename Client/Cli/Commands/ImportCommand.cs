using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

/// <summary>Imports a data set as a job on the engine (progress on stderr, Ctrl+C cancels it) and prints what it holds.</summary>
internal sealed record ImportCommand(GlobalOptions Global, DatasetImportRequest Request) : EngineCommand(Global)
{
    public override async Task<int> RunAsync(CliContext context, IEngine engine, CancellationToken cancellationToken)
    {
        context.Error.WriteLine($"importing {Request.Format} from {Request.Path} …");
        // Never abandoned half-way: the engine may have started the job already. A Ctrl+C meanwhile is seen by the
        // watch that follows, which cancels the job (a second Ctrl+C still quits at once).
        var job = await engine.StartImportAsync(Request, CancellationToken.None);
        var ended = await TrainingJobFollower.WatchToEndAsync(context, engine, job, cancellationToken);
        switch (ended.State)
        {
            case JobState.Completed:
                break;
            case JobState.Failed:
                throw new EngineException(EngineErrorKind.InvalidRequest, $"import job {ended.Id} failed: {ended.Error ?? "no reason given"}");
            case JobState.Cancelled:
                context.Error.WriteLine($"cancelled import job {ended.Id}; no data set was kept");
                return ExitCodes.Cancelled;
            default:
                // Cancelled from here but still winding down after the follower stopped waiting.
                context.Error.WriteLine($"import job {ended.Id} is still {ended.State.ToString().ToLowerInvariant()} on the engine");
                return ExitCodes.Cancelled;
        }

        var info = (await engine.ListDatasetsAsync(cancellationToken)).FirstOrDefault(d => d.Id == ended.DatasetId)
            ?? throw new EngineException(EngineErrorKind.NotFound, $"import job {ended.Id} finished but the engine lists no data set '{ended.DatasetId}'.");
        if (Global.Json)
        {
            CliJson.Write(context.Out, info);
            return ExitCodes.Ok;
        }

        context.Out.WriteLine(
            $"data set {info.Id}: {info.TrainCount} train, {info.ValidationCount} validation, {info.TestCount} test images of "
            + $"{info.Channels}×{info.Height}×{info.Width}, {info.ClassNames.Count} classes ({string.Join(", ", info.ClassNames)})");
        context.Out.Flush();
        return ExitCodes.Ok;
    }
}
