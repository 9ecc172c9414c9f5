namespace ExplainHub.Client.Cli;

/// <summary>The command line cannot be understood; the message says what to change.</summary>
public sealed class CliUsageException : Exception
{
    public CliUsageException()
        : this("invalid command line")
    {
    }

    public CliUsageException(string message)
        : base(message)
    {
    }

    public CliUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
