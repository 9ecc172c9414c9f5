using System.Text.Json;
using ExplainHub.Engine.Models;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Training;

/// <summary>
/// The checkpoint of one run in its own folder: checkpoint.pt (weights, optimiser and augmentation generator state)
/// and checkpoint.json (<see cref="CheckpointInfo"/>), each written to a temporary name and renamed, the JSON last,
/// so the JSON always describes a complete weights file.
/// </summary>
public sealed class TrainingCheckpoints(string directory)
{
    /// <summary>The run's id: the folder's name, the id of the job that started it.</summary>
    public string Id => Path.GetFileName(Directory);

    private const string WeightsFile = "checkpoint.pt";
    private const string StateFile = "checkpoint.json";

    public string Directory { get; } = directory;

    public void Save(ConvNetClassifier model, CheckpointInfo state)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var stamp = "." + Guid.NewGuid().ToString("N") + ".tmp";
        var weights = Path.Combine(Directory, WeightsFile);
        var json = Path.Combine(Directory, StateFile);
        try
        {
            model.Network.SaveCheckpoint(weights + stamp);
            File.WriteAllText(json + stamp, JsonSerializer.Serialize(state));
            File.Move(weights + stamp, weights, overwrite: true);
            File.Move(json + stamp, json, overwrite: true);
        }
        finally
        {
            File.Delete(weights + stamp);
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

    public void Delete()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
