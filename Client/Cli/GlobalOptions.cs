namespace ExplainHub.Client.Cli;

/// <summary>Options every command takes: <c>--json</c> and <c>--engine URL</c> (null: the embedded engine).</summary>
internal sealed record GlobalOptions(bool Json, Uri? EngineUrl)
{
    public static GlobalOptions Default { get; } = new(false, null);
}
