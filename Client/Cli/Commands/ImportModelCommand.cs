using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

/// <summary>Imports an exported network as a new model.</summary>
internal sealed record ImportModelCommand(GlobalOptions Global, ModelImportRequest Request) : EngineCommand(Global)
{
    public override async Task<int> RunAsync(CliContext context, IEngine engine, CancellationToken cancellationToken)
    {
        var model = await engine.ImportModelAsync(Request, cancellationToken);
        if (Global.Json)
        {
            CliJson.Write(context.Out, model);
            return ExitCodes.Ok;
        }

        context.Out.WriteLine($"model {model.Id}: {model.Kind} '{model.Name}', {model.ClassNames.Count} classes, {model.ParameterCount:N0} parameters");
        context.Out.Flush();
        return ExitCodes.Ok;
    }
}
