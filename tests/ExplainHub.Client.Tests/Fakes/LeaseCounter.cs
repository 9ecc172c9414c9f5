namespace ExplainHub.Client.Tests.Fakes;

/// <summary>Counts how often the CLI released the engine it was lent.</summary>
internal sealed class LeaseCounter(Task? releaseWaitsFor = null) : IAsyncDisposable
{
    public int Releases { get; private set; }

    public async ValueTask DisposeAsync()
    {
        Releases++;
        if (releaseWaitsFor is not null)
        {
            await releaseWaitsFor;
        }
    }
}
