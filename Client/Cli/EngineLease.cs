using ExplainHub.Shared;

namespace ExplainHub.Client.Cli;

/// <summary>An engine for the length of one command, and whatever must be disposed to release it.</summary>
internal sealed class EngineLease(IEngine engine, IAsyncDisposable owner) : IAsyncDisposable
{
    public IEngine Engine { get; } = engine;

    public ValueTask DisposeAsync() => owner.DisposeAsync();
}
