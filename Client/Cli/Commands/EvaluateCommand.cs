using System.Text;
using System.Text.Json;
using ExplainHub.Client.Output;
using ExplainHub.Engine.Storage;
using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

/// <summary>
/// <c>explainhub evaluate --models A,B [--functions table1 | "m;m(k=v)"] [--agree 1+2]</c>: every function that
/// applies to each model is scored with SCG and CCG on the same images as one engine job (progress on stderr, Ctrl+C
/// cancels it); prints the Table-1 leaderboard (or its JSON) and with <c>--out DIR</c> writes evaluation.json,
/// leaderboard.json and leaderboard.csv.
/// </summary>
internal sealed record EvaluateCommand(
    GlobalOptions Global,
    IReadOnlyList<string> ModelIds,
    IReadOnlyList<PresetFunction> Functions,
    IReadOnlyList<PresetAgreement> Agreements,
    EvaluationRequest Template,
    string? OutputDirectory) : EngineCommand(Global)
{
    public override async Task<int> RunAsync(CliContext context, IEngine engine, CancellationToken cancellationToken)
    {
        var models = new List<(string ModelId, IReadOnlyList<MethodAvailability> Methods)>();
        string? datasetId = null;
        foreach (var id in ModelIds)
        {
            var model = await ModelLookup.FindAsync(engine, id, cancellationToken);
            datasetId ??= model.DatasetId;
            models.Add((model.Id, await engine.GetMethodsAsync(model.Id, cancellationToken)));
        }

        var resolved = PresetExplainers.Resolve(models, Functions, Agreements);
        if (resolved.Unknown.Count > 0)
        {
            throw new CliUsageException($"unknown method '{resolved.Unknown[0]}'; known: {string.Join(", ", models[0].Methods.Select(a => a.Method.Name))}");
        }

        foreach (var skip in resolved.Skipped)
        {
            context.Error.WriteLine($"skipping {skip}");
        }

        var (explainers, agreements) = (resolved.Explainers, resolved.Agreements);
        if (explainers.Count == 0)
        {
            throw new CliUsageException("none of the functions applies to any of the models (see explainhub methods --model ID)");
        }

        var request = Template with { DatasetId = Template.DatasetId.Length > 0 ? Template.DatasetId : datasetId!, Explainers = explainers, Agreements = agreements };
        // Never abandoned half-way: the engine may have started the job already. A Ctrl+C meanwhile is seen by the
        // watch that follows, which cancels the job (a second Ctrl+C still quits at once).
        var job = await engine.StartEvaluationAsync(request, CancellationToken.None);
        context.Error.WriteLine($"evaluation job {job.Id}: {explainers.Count} explainers, {agreements.Count} agreements");
        var finished = await TrainingJobFollower.WatchToEndAsync(context, engine, job, cancellationToken);
        switch (finished.State)
        {
            case JobState.Completed:
                break;
            case JobState.Failed:
                throw new EngineException(EngineErrorKind.Native, $"evaluation job {job.Id} failed: {finished.Error ?? "no reason given"}");
            default:
                context.Error.WriteLine($"cancelled evaluation job {job.Id}; nothing was stored");
                return ExitCodes.Cancelled;
        }

        // Stored: a Ctrl+C that came as the job ended must not hide the result it cancelled too late to stop.
        var result = await engine.GetEvaluationAsync(finished.EvaluationId!, CancellationToken.None);
        var board = ScoreLeaderboard.From(result);
        if (OutputDirectory is not null)
        {
            Write(context, OutputDirectory, result, board);
        }

        if (Global.Json)
        {
            CliJson.Write(context.Out, board);
        }
        else
        {
            LeaderboardText.Write(context.Out, board);
        }

        return ExitCodes.Ok;
    }

    public static void Write(CliContext context, string outputDirectory, EvaluationResult result, ScoreLeaderboard board)
    {
        var directory = Path.GetFullPath(outputDirectory, context.WorkingDirectory);
        Directory.CreateDirectory(directory);
        AtomicFiles.WriteAll(
        [
            new OutputFile(Path.Combine(directory, "evaluation.json"), JsonSerializer.SerializeToUtf8Bytes(result, CliJson.Options)),
            new OutputFile(Path.Combine(directory, "leaderboard.json"), JsonSerializer.SerializeToUtf8Bytes(board, CliJson.Options)),
            new OutputFile(Path.Combine(directory, "leaderboard.csv"), Encoding.UTF8.GetBytes(board.ToCsv())),
        ]);
        context.Error.WriteLine($"wrote evaluation.json, leaderboard.json and leaderboard.csv to {directory}");
    }
}
