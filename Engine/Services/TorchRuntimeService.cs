using ExplainHub.Engine.Networks;

namespace ExplainHub.Engine.Services;

/// <summary>Starts libtorch once, with the engine's thread count and seed, the first time a capability needs it.</summary>
public sealed class TorchRuntimeService(EngineOptions options)
{
    private readonly Lazy<TorchRuntimeDescription> runtime = new(() =>
    {
        TorchRuntime.Configure(options.Threads > 0 ? options.Threads : Environment.ProcessorCount, options.Seed);
        return TorchRuntime.Describe();
    });

    public TorchRuntimeDescription Started => runtime.Value;

    /// <summary>Starts the runtime now, so a missing native library fails the caller's request rather than a job.</summary>
    public void EnsureStarted() => _ = runtime.Value;
}
