using System.Globalization;
using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

/// <summary>Lists the network runs that can be resumed.</summary>
internal sealed record CheckpointsCommand(GlobalOptions Global) : EngineCommand(Global)
{
    public override async Task<int> RunAsync(CliContext context, IEngine engine, CancellationToken cancellationToken)
    {
        var checkpoints = await engine.ListCheckpointsAsync(cancellationToken);
        if (Global.Json)
        {
            CliJson.Write(context.Out, checkpoints);
            return ExitCodes.Ok;
        }

        var table = new TextTable("ID", "KIND", "DATASET", "EPOCHS", "TEST ACC", "SAVED");
        foreach (var c in checkpoints)
        {
            table.Add(c.Id, c.Request.ModelKind, c.Request.DatasetId, $"{c.EpochsDone}/{c.Request.Epochs}",
                c.TestAccuracy is { } a ? a.ToString("0.00%", CultureInfo.InvariantCulture) : "-",
                c.Saved.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        }

        table.WriteTo(context.Out);
        return ExitCodes.Ok;
    }
}
