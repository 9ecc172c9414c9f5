using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

/// <summary>Exports a network as safetensors + JSON and prints where.</summary>
internal sealed record ExportCommand(GlobalOptions Global, string ModelId, string OutputDirectory) : EngineCommand(Global)
{
    public override async Task<int> RunAsync(CliContext context, IEngine engine, CancellationToken cancellationToken)
    {
        var model = await ModelLookup.FindAsync(engine, ModelId, cancellationToken);
        var result = await engine.ExportModelAsync(new ModelExportRequest(model.Id, OutputDirectory), cancellationToken);
        if (Global.Json)
        {
            CliJson.Write(context.Out, result);
            return ExitCodes.Ok;
        }

        context.Out.WriteLine($"{result.ModelId}: {result.Tensors} tensors");
        context.Out.WriteLine(result.WeightsPath);
        context.Out.WriteLine(result.DescriptionPath);
        context.Out.Flush();
        return ExitCodes.Ok;
    }
}
