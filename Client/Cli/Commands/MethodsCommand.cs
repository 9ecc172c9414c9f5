using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

/// <summary>
/// <c>explainhub methods --model ID</c>: every importance function, whether it applies to the model (and if not,
/// why), and the parameters of those that do with their defaults and meaning; <c>--json</c> writes the engine's list.
/// </summary>
internal sealed record MethodsCommand(GlobalOptions Global, string ModelId) : EngineCommand(Global)
{
    public override async Task<int> RunAsync(CliContext context, IEngine engine, CancellationToken cancellationToken)
    {
        var model = await ModelLookup.FindAsync(engine, ModelId, cancellationToken);
        var methods = await engine.GetMethodsAsync(model.Id, cancellationToken);
        if (Global.Json)
        {
            CliJson.Write(context.Out, methods);
            return ExitCodes.Ok;
        }

        var table = new TextTable("METHOD", "APPLIES", "TITLE", "REFERENCE");
        foreach (var m in methods)
        {
            table.Add(m.Method.Name, m.Applies ? "yes" : "no", m.Method.Title, m.Method.Reference);
        }

        table.WriteTo(context.Out);
        var output = context.Out;
        foreach (var m in methods.Where(m => !m.Applies))
        {
            output.WriteLine($"{m.Method.Name}: {m.Reason}");
        }

        foreach (var m in methods.Where(m => m.Applies && m.Method.Parameters.Count > 0))
        {
            output.WriteLine();
            output.WriteLine($"{m.Method.Name} parameters (--param NAME=VALUE):");
            var parameters = new TextTable("  NAME", "DEFAULT", "VALUES", "MEANING");
            foreach (var p in m.Method.Parameters)
            {
                parameters.Add("  " + p.Name, p.Default, Values(p), p.Description);
            }

            parameters.WriteTo(output);
        }

        output.Flush();
        return ExitCodes.Ok;
    }

    private static string Values(MethodParameterInfo p) => p switch
    {
        { Choices: { Count: > 0 } choices } => string.Join("|", choices),
        { Min: { } min, Max: { } max } => FormattableString.Invariant($"{min}..{max}"),
        { Kind: MethodParameterKind.Integer } => "whole number",
        { Kind: MethodParameterKind.Number } => "number",
        _ => "text",
    };
}
