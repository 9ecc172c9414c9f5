using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

/// <summary>Deletes a trained model and says which.</summary>
internal sealed record DeleteModelCommand(GlobalOptions Global, string ModelId) : EngineCommand(Global)
{
    public override async Task<int> RunAsync(CliContext context, IEngine engine, CancellationToken cancellationToken)
    {
        var model = await ModelLookup.FindAsync(engine, ModelId, cancellationToken);
        var deleted = await engine.DeleteModelAsync(model.Id, cancellationToken);
        if (Global.Json)
        {
            CliJson.Write(context.Out, deleted);
            return ExitCodes.Ok;
        }

        context.Out.WriteLine($"deleted {deleted.Id} ({deleted.Name}, {deleted.Kind} on {deleted.DatasetId})");
        context.Out.Flush();
        return ExitCodes.Ok;
    }
}
