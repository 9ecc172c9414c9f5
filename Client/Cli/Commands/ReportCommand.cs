using System.Globalization;
using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

/// <summary>Prints scikit-learn's classification report and the confusion matrix of a model on its data set.</summary>
internal sealed record ReportCommand(GlobalOptions Global, string ModelId, DatasetSplit Split, int? Limit) : EngineCommand(Global)
{
    public override async Task<int> RunAsync(CliContext context, IEngine engine, CancellationToken cancellationToken)
    {
        var model = await ModelLookup.FindAsync(engine, ModelId, cancellationToken);
        var report = await engine.ReportAsync(new ReportRequest(model.Id, model.DatasetId, Split, Limit), cancellationToken);
        if (Global.Json)
        {
            CliJson.Write(context.Out, report);
            return ExitCodes.Ok;
        }

        var table = new TextTable("CLASS", "PRECISION", "RECALL", "F1", "SUPPORT");
        foreach (var row in report.Classes.Append(report.MacroAverage).Append(report.WeightedAverage))
        {
            table.Add(row.Name, Format(row.Precision), Format(row.Recall), Format(row.F1), row.Support.ToString(CultureInfo.InvariantCulture));
        }

        table.WriteTo(context.Out);
        context.Out.WriteLine($"accuracy {Format(report.Accuracy)} on {report.WeightedAverage.Support} {Split.ToString().ToLowerInvariant()} images");
        context.Out.WriteLine();
        context.Out.WriteLine("confusion matrix (rows: true class, columns: predicted)");
        var confusion = new TextTable(["", .. Enumerable.Range(0, report.Classes.Count).Select(c => c.ToString(CultureInfo.InvariantCulture))]);
        for (var t = 0; t < report.Classes.Count; t++)
        {
            confusion.Add([$"{t} {report.Classes[t].Name}", .. report.ConfusionMatrix[t].Select(n => n.ToString(CultureInfo.InvariantCulture))]);
        }

        confusion.WriteTo(context.Out);
        return ExitCodes.Ok;
    }

    private static string Format(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
