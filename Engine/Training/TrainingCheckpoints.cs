using System.Text.Json;
using ExplainHub.Engine.Models;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Training;

/// <summary>
/// The checkpoint of one run in its own folder: checkpoint-N.pt (weights, optimiser and augmentation generator state
/// after N epochs) and checkpoint.json (<see cref="CheckpointInfo"/>, whose EpochsDone names that file). Each is
/// written to a temporary name and renamed, the JSON last: its rename is the one step that moves the checkpoint on, so
/// a crash at any moment leaves a JSON that describes the weights file beside it (the previous epoch's is deleted only
/// after). With early stopping, best-N.pt keeps the checkpoint of the best epoch so far, N; an older best file goes
/// only after the JSON naming the new one is in place. Folders of earlier versions (one checkpoint.pt) still read.
/// </summary>
public sealed class TrainingCheckpoints(string directory)
{
    /// <summary>The run's id: the folder's name, the id of the job that started it.</summary>
    public string Id => Path.GetFileName(Directory);

    private const string LegacyWeightsFile = "checkpoint.pt";
    private const string StateFile = "checkpoint.json";

    public string Directory { get; } = directory;

    /// <param name="best">This epoch is early stopping's best so far: keep its weights as best-N.pt too.</param>
    public void Save(ConvNetClassifier model, CheckpointInfo state, bool best = false) => Save(model.Network.SaveCheckpoint, state, best);

    /// <summary>The same for a run whose weights and optimiser are not one network's (seed 004's autoencoder): <paramref name="writeWeights"/> writes the weights file's content to the path it is given.</summary>
    public void Save(Action<string> writeWeights, CheckpointInfo state, bool best = false)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var stamp = "." + Guid.NewGuid().ToString("N") + ".tmp";
        var weights = WeightsAfter(state.EpochsDone);
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
            foreach (var older in WeightsFiles().Where(f => f != weights))
            {
                File.Delete(older);
            }

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
        // A save running meanwhile may move the description on and delete the weights it named between the two looks
        // below; a second reading then finds the new pair.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (ReadDescription() is not { } state)
            {
                return null;
            }

            if (WeightsOf(state) is not null)
            {
                return state;
            }
        }

        return null;
    }

    private CheckpointInfo? ReadDescription()
    {
        var json = Path.Combine(Directory, StateFile);
        try
        {
            return File.Exists(json) ? JsonSerializer.Deserialize<CheckpointInfo>(File.ReadAllText(json)) : null;
        }
        catch (Exception ex) when (ex is JsonException or FileNotFoundException)
        {
            return null;
        }
    }

    public void Restore(ConvNetClassifier model) => model.Network.LoadCheckpoint(WeightsPath);

    /// <summary>The weights file the checkpoint describes, for runs that read it themselves.</summary>
    public string WeightsPath =>
        (Read() is { } state ? WeightsOf(state) : null) ?? throw new FileNotFoundException($"The checkpoint in {Directory} has no weights file.");

    // The JSON's own epoch's file; an earlier version's single file where that is what the folder has.
    private string? WeightsOf(CheckpointInfo state) =>
        new[] { WeightsAfter(state.EpochsDone), Path.Combine(Directory, LegacyWeightsFile) }.FirstOrDefault(File.Exists);

    private string WeightsAfter(int epochs) => Path.Combine(Directory, $"checkpoint-{epochs}.pt");

    private IEnumerable<string> WeightsFiles() =>
        System.IO.Directory.GetFiles(Directory, "checkpoint-*.pt").Append(Path.Combine(Directory, LegacyWeightsFile)).Where(File.Exists);

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
