using ExplainHub.Shared;

namespace ExplainHub.Client.Cli;

/// <summary>A command that talks to an engine: embedded, or the one at <c>--engine URL</c>.</summary>
internal abstract record EngineCommand(GlobalOptions Global) : CliCommand(Global)
{
    public sealed override async Task<int> ExecuteAsync(CliContext context, ICliEngineFactory engines, CancellationToken cancellationToken)
    {
        await using var lease = await engines.OpenAsync(Global.EngineUrl, cancellationToken);
        return await RunAsync(context, lease.Engine, cancellationToken);
    }

    /// <returns>The process exit code (<see cref="ExitCodes"/>).</returns>
    public abstract Task<int> RunAsync(CliContext context, IEngine engine, CancellationToken cancellationToken);
}
