using System.Text.Json;
using ExplainHub.Engine.Models;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Training;

/// <summary>
/// The checkpoint of one run in its own folder: checkpoint.pt (weights, optimiser and augmentation generator state)
/// and checkpoint.json (<see cref="CheckpointInfo"/>), each written to a temporary name and renamed, the JSON last,
/// so the JSON always describes a complete weights file. With early stopping, best.pt keeps the checkpoint of the
/// best epoch so far.
/// </summary>
public sealed class TrainingCheckpoints(string directory)
{
    /// <summary>The run's id: the folder's name, the id of the job that started it.</summary>
    public string Id => Path.GetFileName(Directory);

    private const string WeightsFile = "checkpoint.pt";
    private const string StateFile = "checkpoint.json";
    private const string BestFile = "best.pt";

    public string Directory { get; } = directory;

    /// <param name="best">This epoch is early stopping's best so far: keep its weights as best.pt too.</param>
    public void Save(ConvNetClassifier model, CheckpointInfo state, bool best = false)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var stamp = "." + Guid.NewGuid().ToString("N") + ".tmp";
        var weights = Path.Combine(Directory, WeightsFile);
        var bestWeights = Path.Combine(Directory, BestFile);
        var json = Path.Combine(Directory, StateFile);
        try
        {
            model.Network.SaveCheckpoint(weights + stamp);
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

    public void Restore(ConvNetClassifier model) => model.Network.LoadCheckpoint(Path.Combine(Directory, WeightsFile));

    /// <summary>Loads the best epoch's checkpoint (best.pt); false when there is none.</summary>
    public bool RestoreBest(ConvNetClassifier model)
    {
        var path = Path.Combine(Directory, BestFile);
        if (!File.Exists(path))
        {
            return false;
        }

        model.Network.LoadCheckpoint(path);
        return true;
    }

    public void Delete()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
