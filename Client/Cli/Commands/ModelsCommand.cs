using System.Globalization;
using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

internal sealed record ModelsCommand(GlobalOptions Global) : EngineCommand(Global)
{
    public override async Task<int> RunAsync(CliContext context, IEngine engine, CancellationToken cancellationToken)
    {
        var models = await engine.ListModelsAsync(cancellationToken);
        if (Global.Json)
        {
            CliJson.Write(context.Out, models);
            return ExitCodes.Ok;
        }

        var table = new TextTable("ID", "NAME", "KIND", "DATASET", "TEST ACC", "PARAMS", "CREATED");
        foreach (var m in models.OrderBy(m => m.Created))
        {
            table.Add(
                m.Id,
                m.Name,
                m.Kind,
                m.DatasetId,
                m.TestAccuracy is { } accuracy ? accuracy.ToString("0.00%", CultureInfo.InvariantCulture) : "-",
                m.ParameterCount.ToString("N0", CultureInfo.InvariantCulture),
                m.Created.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        }

        table.WriteTo(context.Out);
        return ExitCodes.Ok;
    }
}
