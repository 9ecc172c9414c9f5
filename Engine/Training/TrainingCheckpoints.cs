using System.Text.Json;
using ExplainHub.Engine.Models;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Training;

/// <summary>
/// The checkpoint of one run in its own folder: checkpoint.pt (weights, optimiser and augmentation generator state)
/// and checkpoint.json (<see cref="CheckpointInfo"/>), each written to a temporary name and renamed, the JSON last,
/// so the JSON always describes a complete weights file. With early stopping, best-N.pt keeps the checkpoint of the
/// best epoch so far, N; an older best file goes only after the JSON naming the new one is in place.
/// </summary>
public sealed class TrainingCheckpoints(string directory)
{
    /// <summary>The run's id: the folder's name, the id of the job that started it.</summary>
    public string Id => Path.GetFileName(Directory);

    private const string WeightsFile = "checkpoint.pt";
    private const string StateFile = "checkpoint.json";

    public string Directory { get; } = directory;

    /// <param name="best">This epoch is early stopping's best so far: keep its weights as best-N.pt too.</param>
    public void Save(ConvNetClassifier model, CheckpointInfo state, bool best = false) => Save(model.Network.SaveCheckpoint, state, best);

    /// <summary>The same for a run whose weights and optimiser are not one network's (seed 004's autoencoder): <paramref name="writeWeights"/> writes checkpoint.pt's content to the path it is given.</summary>
    public void Save(Action<string> writeWeights, CheckpointInfo state, bool best = false)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var stamp = "." + Guid.NewGuid().ToString("N") + ".tmp";
        var weights = Path.Combine(Directory, WeightsFile);
        var bestWeights = BestPath(state.EpochsDone);
        var json = Path.Combine(Directory, StateFile);
        try
        {
            writeWeights(weights + stamp);
            if (best)
            {
                File.Copy(weights + stamp, bestWeights + stamp);
            }

            File.WriteAllText(json + stamp, JsonSerializer.Serialize(state));
            if (best)
            {
                File.Move(bestWeights + stamp, bestWeights, overwrite: true);
            }

            File.Move(weights + stamp, weights, overwrite: true);
            File.Move(json + stamp, json, overwrite: true);
            if (best)
            {
                foreach (var older in System.IO.Directory.GetFiles(Directory, "best-*.pt").Where(f => f != bestWeights))
                {
                    File.Delete(older);
                }
            }
        }
        finally
        {
            File.Delete(weights + stamp);
            File.Delete(bestWeights + stamp);
            File.Delete(json + stamp);
        }
    }

    public CheckpointInfo? Read()
    {
        var json = Path.Combine(Directory, StateFile);
        if (!File.Exists(json) || !File.Exists(Path.Combine(Directory, WeightsFile)))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<CheckpointInfo>(File.ReadAllText(json));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Restore(ConvNetClassifier model) => model.Network.LoadCheckpoint(WeightsPath);

    /// <summary>checkpoint.pt, for runs that read it themselves.</summary>
    public string WeightsPath => Path.Combine(Directory, WeightsFile);

    /// <summary>Loads the checkpoint of early stopping's best epoch; false when there is none.</summary>
    public bool RestoreBest(ConvNetClassifier model, int bestEpoch)
    {
        var path = BestPath(bestEpoch);
        if (!File.Exists(path))
        {
            return false;
        }

        model.Network.LoadCheckpoint(path);
        return true;
    }

    private string BestPath(int epoch) => Path.Combine(Directory, $"best-{epoch}.pt");

    public void Delete()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
