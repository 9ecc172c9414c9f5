using ExplainHub.Shared;

namespace ExplainHub.Client.Cli;

/// <summary>A command that talks to an engine: embedded, or the one at <c>--engine URL</c>.</summary>
internal abstract record EngineCommand(GlobalOptions Global) : CliCommand(Global)
{
    public sealed override async Task<int> ExecuteAsync(CliContext context, ICliEngineFactory engines, CancellationToken cancellationToken)
    {
        if (Global.EngineUrl is { } url && Remote.EngineUrl.InTheClear(url) is { } risk)
        {
            await context.Error.WriteLineAsync($"warning: {risk}");
        }

        var lease = await engines.OpenAsync(Global.EngineUrl, cancellationToken);
        try
        {
            return await RunAsync(context, lease.Engine, cancellationToken);
        }
        finally
        {
            await ReleaseAsync(lease, cancellationToken.IsCancellationRequested);
        }
    }

    // After a Ctrl+C, work the command stopped waiting for (an explanation) may still hold a model, and releasing an
    // embedded engine waits for it; the process ends next and frees everything, so it waits a moment, not for that.
    private static readonly TimeSpan ReleaseAfterCancel = TimeSpan.FromSeconds(2);

    private static async Task ReleaseAsync(EngineLease lease, bool cancelled)
    {
        var releasing = lease.DisposeAsync().AsTask();
        if (cancelled)
        {
            await Task.WhenAny(releasing, Task.Delay(ReleaseAfterCancel));
        }
        else
        {
            await releasing;
        }
    }

    /// <returns>The process exit code (<see cref="ExitCodes"/>).</returns>
    public abstract Task<int> RunAsync(CliContext context, IEngine engine, CancellationToken cancellationToken);
}
