using System.Text.Json;
using ExplainHub.Engine.Training;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests;

/// <summary>The checkpoint folder's files, with weights files whose content names their epoch.</summary>
public sealed class TrainingCheckpointsTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    private TrainingCheckpoints Checkpoints => new(Path.Combine(_folder.Path, "job-1"));

    private static CheckpointInfo After(int epochs) =>
        new("job-1", new TrainRequest("tiny", Epochs: 5), epochs, 0.5, DateTimeOffset.UnixEpoch);

    private void Save(int epochs, bool best = false) =>
        Checkpoints.Save(path => File.WriteAllText(path, $"weights after {epochs}"), After(epochs), best);

    [Fact]
    public void EachEpochsWeights_ReplaceTheLast_AndAreTheOnesTheDescriptionNames()
    {
        Save(1);
        Save(2, best: true);
        Save(3);

        Assert.Equal(3, Checkpoints.Read()!.EpochsDone);
        Assert.Equal("weights after 3", File.ReadAllText(Checkpoints.WeightsPath));
        Assert.Equal(["best-2.pt", "checkpoint-3.pt", "checkpoint.json"],
            Directory.GetFiles(Checkpoints.Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ACrashBetweenTheWeightsAndTheDescription_LeavesThePreviousEpochWhole()
    {
        Save(2);

        // What a crash in epoch 3's save leaves when its weights were renamed and its description not yet.
        File.WriteAllText(Path.Combine(Checkpoints.Directory, "checkpoint-3.pt"), "weights after 3");

        Assert.Equal(2, Checkpoints.Read()!.EpochsDone);
        Assert.Equal("weights after 2", File.ReadAllText(Checkpoints.WeightsPath));
        Save(3);
        Assert.Equal("weights after 3", File.ReadAllText(Checkpoints.WeightsPath));
        Assert.False(File.Exists(Path.Combine(Checkpoints.Directory, "checkpoint-2.pt")));
    }

    [Fact]
    public void AFolderOfAnEarlierVersion_StillReads_UntilItsNextSave()
    {
        Directory.CreateDirectory(Checkpoints.Directory);
        File.WriteAllText(Path.Combine(Checkpoints.Directory, "checkpoint.pt"), "weights after 4");
        File.WriteAllText(Path.Combine(Checkpoints.Directory, "checkpoint.json"), JsonSerializer.Serialize(After(4)));

        Assert.Equal(4, Checkpoints.Read()!.EpochsDone);
        Assert.Equal("weights after 4", File.ReadAllText(Checkpoints.WeightsPath));
        Save(5);
        Assert.Equal(["checkpoint-5.pt", "checkpoint.json"], Directory.GetFiles(Checkpoints.Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ADescriptionWithoutItsWeights_IsNoCheckpoint()
    {
        Save(2);
        File.Delete(Path.Combine(Checkpoints.Directory, "checkpoint-2.pt"));

        Assert.Null(Checkpoints.Read());
        Assert.Throws<FileNotFoundException>(() => Checkpoints.WeightsPath);
    }

    public void Dispose() => _folder.Dispose();
}
