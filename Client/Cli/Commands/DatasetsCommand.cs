using System.Globalization;
using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

internal sealed record DatasetsCommand(GlobalOptions Global) : EngineCommand(Global)
{
    public override async Task<int> RunAsync(CliContext context, IEngine engine, CancellationToken cancellationToken)
    {
        var datasets = await engine.ListDatasetsAsync(cancellationToken);
        if (Global.Json)
        {
            CliJson.Write(context.Out, datasets);
            return ExitCodes.Ok;
        }

        var table = new TextTable("ID", "NAME", "IMAGES", "CLASSES", "TRAIN", "VALIDATION", "TEST");
        foreach (var d in datasets)
        {
            table.Add(
                d.Id,
                d.Name,
                $"{d.Channels}×{d.Height}×{d.Width}",
                d.ClassNames.Count.ToString(CultureInfo.InvariantCulture),
                d.TrainCount.ToString(CultureInfo.InvariantCulture),
                d.ValidationCount.ToString(CultureInfo.InvariantCulture),
                d.TestCount.ToString(CultureInfo.InvariantCulture));
        }

        table.WriteTo(context.Out);
        return ExitCodes.Ok;
    }
}
