using System.Globalization;
using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

/// <summary>
/// <c>explainhub leaderboard</c>: a stored evaluation as the Table-1 leaderboard (the newest, or <c>--id</c>), with
/// <c>--out DIR</c> its files; <c>--list</c> the stored evaluations; <c>--accuracy</c> the models ranked by test
/// accuracy (seed 000's Table 1), with <c>--per-class</c> each model's F1 per class.
/// </summary>
internal sealed record LeaderboardCommand(GlobalOptions Global, string? EvaluationId, bool List, bool Accuracy, bool PerClass, string? DatasetId, string? OutputDirectory)
    : EngineCommand(Global)
{
    public override async Task<int> RunAsync(CliContext context, IEngine engine, CancellationToken cancellationToken)
    {
        if (Accuracy)
        {
            return await AccuracyAsync(context, engine, cancellationToken);
        }

        var stored = await engine.ListEvaluationsAsync(cancellationToken);
        if (List)
        {
            if (Global.Json)
            {
                CliJson.Write(context.Out, stored);
                return ExitCodes.Ok;
            }

            var table = new TextTable("id", "name", "dataset", "models", "images", "rows", "created");
            foreach (var e in stored)
            {
                table.Add(e.Id, e.Name, e.DatasetId, string.Join(",", e.ModelIds), e.Images.ToString(CultureInfo.InvariantCulture),
                    e.Rows.ToString(CultureInfo.InvariantCulture), e.Created.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
            }

            table.WriteTo(context.Out);
            return ExitCodes.Ok;
        }

        var id = EvaluationId ?? (stored.Count > 0 ? stored[0].Id : null)
            ?? throw new EngineException(EngineErrorKind.NotFound, "No evaluation is stored yet (explainhub evaluate --models ID).");
        var result = await engine.GetEvaluationAsync(id, cancellationToken);
        var board = ScoreLeaderboard.From(result);
        if (OutputDirectory is not null)
        {
            EvaluateCommand.Write(context, OutputDirectory, result, board);
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

    private async Task<int> AccuracyAsync(CliContext context, IEngine engine, CancellationToken cancellationToken)
    {
        var models = (await engine.ListModelsAsync(cancellationToken))
            .Where(m => DatasetId is null || m.DatasetId == DatasetId)
            .OrderByDescending(m => m.TestAccuracy ?? double.NegativeInfinity).ToArray();
        var reports = new List<ClassificationReport>();
        if (PerClass)
        {
            foreach (var model in models)
            {
                reports.Add(await engine.ReportAsync(new ReportRequest(model.Id, model.DatasetId, DatasetSplit.Test), cancellationToken));
            }
        }

        if (Global.Json)
        {
            CliJson.Write(context.Out, new { Models = models, Reports = reports });
            return ExitCodes.Ok;
        }

        var table = new TextTable("rank", "model", "kind", "dataset", "test accuracy", "parameters");
        for (var i = 0; i < models.Length; i++)
        {
            var m = models[i];
            table.Add((i + 1).ToString(CultureInfo.InvariantCulture), m.Id, m.Kind, m.DatasetId,
                m.TestAccuracy is { } a ? a.ToString("0.00%", CultureInfo.InvariantCulture) : "n/a", m.ParameterCount.ToString("N0", CultureInfo.InvariantCulture));
        }

        table.WriteTo(context.Out);
        foreach (var group in reports.GroupBy(r => r.DatasetId))
        {
            var classes = models.First(m => m.DatasetId == group.Key).ClassNames;
            context.Out.WriteLine();
            context.Out.WriteLine($"F1 per class on {group.Key} (test)");
            var f1 = new TextTable(["model", .. classes, "macro"]);
            foreach (var report in group)
            {
                f1.Add([report.ModelId, .. report.Classes.Select(c => c.F1.ToString("0.000", CultureInfo.InvariantCulture)),
                    report.MacroAverage.F1.ToString("0.000", CultureInfo.InvariantCulture)]);
            }

            f1.WriteTo(context.Out);
        }

        context.Out.Flush();
        return ExitCodes.Ok;
    }
}
