namespace ExplainHub.Client.Cli;

/// <summary>What the process returns, for scripts: 2 means "fix the command line", 1 "it ran and failed".</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;

    /// <summary>128 + SIGINT, what shells report for a program stopped with Ctrl+C.</summary>
    public const int Cancelled = 130;
}
