using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

/// <summary>Imports a data set on the engine and prints what it holds.</summary>
internal sealed record ImportCommand(GlobalOptions Global, DatasetImportRequest Request) : EngineCommand(Global)
{
    public override async Task<int> RunAsync(CliContext context, IEngine engine, CancellationToken cancellationToken)
    {
        context.Error.WriteLine($"importing {Request.Format} from {Request.Path} …");
        var info = await engine.ImportDatasetAsync(Request, cancellationToken);
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
