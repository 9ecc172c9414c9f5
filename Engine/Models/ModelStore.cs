using System.Collections.Concurrent;
using ExplainHub.Engine.Models.Classical;
using ExplainHub.Shared;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExplainHub.Engine.Models;

/// <summary>
/// Trained models by id: kept in memory once used and saved under &lt;data&gt;/models/&lt;id&gt;/ so that they
/// survive restarts and are shared by every process on the same data directory (app, CLI).
/// </summary>
public sealed class ModelStore : IDisposable
{
    private readonly string root;
    private readonly ConcurrentDictionary<string, IClassifier> loaded = new(StringComparer.Ordinal);

    // A saved model's files never change (Add replaces the folder whole), so its hash is computed once per process.
    private readonly ConcurrentDictionary<string, string> weightsHashes = new(StringComparer.Ordinal);
    private readonly Lock loadGate = new();

    private readonly ILogger logger;

    public ModelStore(string dataDirectory, ILogger? logger = null)
    {
        root = Path.Combine(dataDirectory, "models");
        this.logger = logger ?? NullLogger.Instance;
    }

    public void Add(IClassifier model)
    {
        var directory = Path.Combine(root, model.Info.Id);
        var temporary = directory + ".tmp-" + Guid.NewGuid().ToString("N");
        model.Save(temporary);

        // Under the load lock: a lookup between the folder's arrival and this copy's registration would load a second
        // copy of the model from disk (and one of the two would never be disposed).
        lock (loadGate)
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            Directory.Move(temporary, directory);
            weightsHashes.TryRemove(model.Info.Id, out _);
            loaded[model.Info.Id] = model;
        }
    }

    /// <summary>
    /// Deletes a saved model: its folder is first moved aside under a name <see cref="List"/> skips, so a crash midway
    /// leaves no half-deleted model behind. The loaded copy is let go, not disposed: a request on another thread may
    /// still be predicting with it, and its native memory goes with the last reference.
    /// </summary>
    public ModelInfo Remove(string id)
    {
        var model = Get(id);
        lock (loadGate)
        {
            var directory = Path.Combine(root, id);
            if (Directory.Exists(directory))
            {
                var aside = directory + ".tmp-" + Guid.NewGuid().ToString("N");
                Directory.Move(directory, aside);
                Directory.Delete(aside, recursive: true);
            }

            loaded.TryRemove(id, out _);
            weightsHashes.TryRemove(id, out _);
        }

        return model.Info;
    }

    public IReadOnlyList<ModelInfo> List()
    {
        var infos = loaded.Values.Select(m => m.Info).ToDictionary(i => i.Id, StringComparer.Ordinal);
        if (Directory.Exists(root))
        {
            foreach (var directory in Directory.EnumerateDirectories(root))
            {
                var id = Path.GetFileName(directory);
                if (!infos.ContainsKey(id) && !id.Contains(".tmp-", StringComparison.Ordinal) && IsSaved(directory))
                {
                    // One model that cannot be read (a truncated file, a format from another version) must not hide
                    // the others; asking for it by id still says what is wrong with it.
                    try
                    {
                        if (TryGet(id) is { } model)
                        {
                            infos[id] = model.Info;
                        }
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        logger.LogWarning("Model {Id} is left out of the list: it cannot be read ({Message})", id, ex.Message);
                    }
                }
            }
        }

        return infos.Values.Select(i => i with { WeightsHash = WeightsHash(i.Id) }).OrderByDescending(i => i.Created).ToList();
    }

    /// <summary>The model's <see cref="ModelWeights"/> fingerprint, or null for a model that is not saved.</summary>
    public string? WeightsHash(string id)
    {
        var directory = Path.Combine(root, id);
        return weightsHashes.TryGetValue(id, out var hash) ? hash
            : IsSaved(directory) ? weightsHashes.GetOrAdd(id, _ => ModelWeights.Hash(directory))
            : null;
    }

    public IClassifier Get(string id) =>
        TryGet(id) ?? throw new EngineException(EngineErrorKind.NotFound, $"Unknown model '{id}'. List models to see what exists.");

    private IClassifier? TryGet(string id)
    {
        if (loaded.TryGetValue(id, out var model))
        {
            return model;
        }

        if (id.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || id.Contains("..", StringComparison.Ordinal))
        {
            return null;
        }

        lock (loadGate)
        {
            var directory = Path.Combine(root, id);
            if (loaded.TryGetValue(id, out model) || !IsSaved(directory))
            {
                return model;
            }

            try
            {
                model = Load(directory);
            }
            catch (Exception ex) when (ex is not (OutOfMemoryException or EngineException))
            {
                // Cut-short files, a format from another version: every caller (hub, pages, downloads, CLI) says so
                // by the model's id, instead of an internal error.
                throw new EngineException(EngineErrorKind.Native,
                    $"Model '{id}' is saved but cannot be read ({ex.Message}); delete it and train or import it again.", ex);
            }

            loaded[id] = model;
            return model;
        }
    }

    private static bool IsSaved(string directory) => SavedModel.ReadKind(directory) is { } kind && (ModelKinds.HasLayers(kind)
        ? ConvNetClassifier.IsSaved(directory)
        : ClassicalFamilies.Find(kind) is not null);

    private static IClassifier Load(string directory)
    {
        var kind = SavedModel.ReadKind(directory);
        return kind is not null && ModelKinds.HasLayers(kind)
            ? ConvNetClassifier.Load(directory)
            : (ClassicalFamilies.Find(kind ?? string.Empty) ?? throw new InvalidDataException($"{directory}: unknown model kind '{kind}'.")).Load(directory);
    }

    public void Dispose()
    {
        foreach (var model in loaded.Values)
        {
            model.Dispose();
        }

        loaded.Clear();
    }
}
