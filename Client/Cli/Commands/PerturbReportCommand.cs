using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

/// <summary>Table 4.1 of every combined model, or of <see cref="ModelId"/> alone.</summary>
internal sealed record PerturbReportCommand(GlobalOptions Global, string? ModelId) : EngineCommand(Global)
{
    public override async Task<int> RunAsync(CliContext context, IEngine engine, CancellationToken cancellationToken)
    {
        IReadOnlyList<ModelInfo> combined;
        if (ModelId is { } id)
        {
            var model = await ModelLookup.FindAsync(engine, id, cancellationToken);
            combined = model.Facts?.Perturbation is null
                ? throw new CliUsageException($"model {id} is a {model.Kind}, not a combined model; 'explainhub perturb report' without --model lists those there are")
                : [model];
        }
        else
        {
            combined = (await engine.ListModelsAsync(cancellationToken)).Where(m => m.Facts?.Perturbation is not null).OrderBy(m => m.Created).ToArray();
        }

        if (Global.Json)
        {
            CliJson.Write(context.Out, combined.Select(m => new Table41Row(m.Id, m.Name, m.DatasetId, m.Facts!.Perturbation!)).ToArray());
            return ExitCodes.Ok;
        }

        if (combined.Count == 0)
        {
            context.Out.WriteLine("No combined model yet: 'explainhub perturb train --classifier NETWORK_MODEL_ID' makes one.");
            return ExitCodes.Ok;
        }

        PerturbationTable.Write(context.Out, combined);
        return ExitCodes.Ok;
    }

    private sealed record Table41Row(string ModelId, string Name, string DatasetId, PerturbationFacts Table41);
}
