using ExplainHub.Shared;
using Microsoft.Extensions.Caching.Memory;

namespace ExplainHub.Server.Compare;

/// <summary>
/// Maps computed once per (model, function, parameters, image, class) and shared by every browser of this server:
/// reopening an image, changing opacity or colour map, or a second person looking at the same image costs no engine
/// work. Bounded by count (<see cref="Capacity"/>); the least recently used go first. Failures are not cached.
/// </summary>
public sealed class ExplanationCache(IEngine engine) : IDisposable
{
    /// <summary>A 28×28 map with its image is ~10 kB, a 224×224 colour one ~0.8 MB: 512 entries bound both.</summary>
    public const int Capacity = 512;

    private readonly MemoryCache _maps = new(new MemoryCacheOptions { SizeLimit = Capacity, CompactionPercentage = 0.25 });

    public async Task<ExplanationBatch> GetAsync(MapKey key, ExplainRequest request, CancellationToken cancellationToken)
    {
        if (_maps.TryGetValue(key, out ExplanationBatch? cached) && cached is not null)
        {
            return cached;
        }

        var batch = await engine.ExplainAsync(request, cancellationToken);
        _maps.Set(key, batch, new MemoryCacheEntryOptions { Size = 1 });
        return batch;
    }

    public void Dispose() => _maps.Dispose();
}
