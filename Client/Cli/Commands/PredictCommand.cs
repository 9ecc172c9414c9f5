using System.Globalization;
using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

internal sealed record PredictCommand(GlobalOptions Global, string ModelId, IReadOnlyList<int> Indices, DatasetSplit Split)
    : EngineCommand(Global)
{
    public override async Task<int> RunAsync(CliContext context, IEngine engine, CancellationToken cancellationToken)
    {
        var model = await ModelLookup.FindAsync(engine, ModelId, cancellationToken);
        var batch = await engine.PredictAsync(new PredictRequest(model.Id, model.DatasetId, Split, Indices), cancellationToken);
        var rows = batch.Predictions
            .Select(p => new PredictedImage(
                p.Index,
                p.Label,
                ModelLookup.ClassName(model, p.Label),
                p.PredictedClass,
                ModelLookup.ClassName(model, p.PredictedClass),
                p.Probabilities[p.PredictedClass],
                p.Probabilities))
            .ToArray();

        if (Global.Json)
        {
            CliJson.Write(context.Out, new PredictResult(model.Id, model.DatasetId, Split, model.ClassNames, rows));
            return ExitCodes.Ok;
        }

        var table = new TextTable("INDEX", "LABEL", "PREDICTED", "P", string.Empty);
        foreach (var row in rows)
        {
            table.Add(
                row.Index.ToString(CultureInfo.InvariantCulture),
                row.LabelName,
                row.PredictedName,
                row.Probability.ToString("0.000", CultureInfo.InvariantCulture),
                row.Label == row.PredictedClass ? string.Empty : "wrong");
        }

        table.WriteTo(context.Out);
        return ExitCodes.Ok;
    }
}
