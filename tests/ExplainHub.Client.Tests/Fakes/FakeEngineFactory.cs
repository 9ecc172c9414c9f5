using ExplainHub.Client.Cli;

namespace ExplainHub.Client.Tests.Fakes;

/// <summary>Hands every command the same <see cref="FakeEngine"/> and remembers which engine URL it was asked for.</summary>
internal sealed class FakeEngineFactory(FakeEngine engine) : ICliEngineFactory
{
    public List<Uri?> Requested { get; } = [];

    public LeaseCounter Leases { get; } = new(engine.ReleaseWaitsFor);

    public Task<EngineLease> OpenAsync(Uri? engineUrl, CancellationToken cancellationToken)
    {
        Requested.Add(engineUrl);
        return Task.FromResult(new EngineLease(engine, Leases));
    }
}
