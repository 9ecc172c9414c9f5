namespace ExplainHub.Client.Cli;

/// <summary>A parsed command line: the arguments as typed values, and what running it does.</summary>
internal abstract record CliCommand(GlobalOptions Global)
{
    /// <returns>The process exit code (<see cref="ExitCodes"/>).</returns>
    public abstract Task<int> ExecuteAsync(CliContext context, ICliEngineFactory engines, CancellationToken cancellationToken);
}
