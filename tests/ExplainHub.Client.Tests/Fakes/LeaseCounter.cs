namespace ExplainHub.Client.Tests.Fakes;

/// <summary>Counts how often the CLI released the engine it was lent.</summary>
internal sealed class LeaseCounter : IAsyncDisposable
{
    public int Releases { get; private set; }

    public ValueTask DisposeAsync()
    {
        Releases++;
        return ValueTask.CompletedTask;
    }
}
