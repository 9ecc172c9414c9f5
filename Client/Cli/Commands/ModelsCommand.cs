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

        var table = new TextTable("ID", "NAME", "KIND", "DATASET", "TEST ACC", "PARAMS", "CREATED", "MADE OF");
        foreach (var m in models.OrderBy(m => m.Created))
        {
            table.Add(
                m.Id,
                m.Name,
                m.Kind,
                m.DatasetId,
                m.TestAccuracy is { } accuracy ? accuracy.ToString("0.00%", CultureInfo.InvariantCulture) : "-",
                m.ParameterCount.ToString("N0", CultureInfo.InvariantCulture),
                m.Created.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                Describe(m.Facts));
        }

        table.WriteTo(context.Out);
        return ExitCodes.Ok;
    }

    /// <summary>"1,234 support vectors", "128 components (85.1% of the variance)", "150 trees", "on m-…".</summary>
    internal static string Describe(ModelFacts? facts)
    {
        if (facts is null)
        {
            return "";
        }

        var parts = new List<string>();
        if (facts.SupportVectors is { } sv)
        {
            parts.Add(sv.ToString("N0", CultureInfo.InvariantCulture) + " support vectors");
        }

        if (facts.Components is { } components)
        {
            parts.Add(facts.ExplainedVariance is { } variance
                ? string.Create(CultureInfo.InvariantCulture, $"{components} components ({variance:0.0%} of the variance)")
                : string.Create(CultureInfo.InvariantCulture, $"{components} components"));
        }

        if (facts.Trees is { } trees)
        {
            parts.Add(trees.ToString(CultureInfo.InvariantCulture) + " trees");
        }

        if (facts.SourceModelId is { } source)
        {
            parts.Add("on " + source);
        }

        return string.Join(", ", parts);
    }
}
