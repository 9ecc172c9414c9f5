using ExplainHub.Engine.Storage;

namespace ExplainHub.Engine.Tests;

/// <summary>The temporaries a killed writer leaves are removed once they are old; nothing else is touched.</summary>
public sealed class StaleTemporariesTests
{
    private static readonly DateTime LongAgo = DateTime.UtcNow.AddHours(-3);

    [Fact]
    public void OldTemporariesOfTheWritersPatterns_AreRemoved_AndNothingElse()
    {
        using var dir = new TempDirectory();
        var abandoned = Make(dir, $"datasets/cifar10.ehds.{Stamp()}.tmp", LongAgo);
        var nested = Make(dir, $"checkpoints/run-1/.state.json.{Stamp()}.tmp", LongAgo);
        var evaluation = Make(dir, $"evaluations/e-1.json.tmp-{Stamp()}", LongAgo);
        var modelFolder = Path.GetDirectoryName(Make(dir, $"models/m-1.tmp-{Stamp()}/model.safetensors", LongAgo))!;
        Directory.SetLastWriteTimeUtc(modelFolder, LongAgo);
        var beingWritten = Make(dir, $"datasets/fer2013.ehds.{Stamp()}.tmp", null);
        var notOurs = Make(dir, "datasets/notes.tmp", LongAgo);
        var key = Make(dir, "engine.key.tmp", LongAgo);
        var data = Make(dir, "datasets/cifar10.ehds", LongAgo);
        var model = Make(dir, "models/m-2/model.safetensors", LongAgo);
        var outsideOurFolders = Make(dir, $"sessions/other.{Stamp()}.tmp", LongAgo);

        var removed = StaleTemporaries.Remove(dir.Path, DateTime.UtcNow - StaleTemporaries.Age);

        Assert.Equal(new[] { abandoned, nested, evaluation, modelFolder }.Order(), removed.Order());
        Assert.All(new[] { abandoned, nested, evaluation }, path => Assert.False(File.Exists(path), path));
        Assert.False(Directory.Exists(modelFolder));
        Assert.All(new[] { beingWritten, notOurs, key, data, model, outsideOurFolders }, path => Assert.True(File.Exists(path), path));
    }

    [Fact]
    public void ATemporaryFolderWithAFileStillBeingWritten_IsKept()
    {
        using var dir = new TempDirectory();
        var folder = Path.GetDirectoryName(Make(dir, $"models/m-1.tmp-{Stamp()}/model.json", LongAgo))!;
        Make(dir, Path.Combine(Path.GetRelativePath(dir.Path, folder), "model.safetensors"), null);
        Directory.SetLastWriteTimeUtc(folder, LongAgo);

        Assert.Empty(StaleTemporaries.Remove(dir.Path, DateTime.UtcNow - StaleTemporaries.Age));
        Assert.True(Directory.Exists(folder));
    }

    [Fact]
    public void AMissingDataDirectory_HasNothingToRemove() =>
        Assert.Empty(StaleTemporaries.Remove(Path.Combine(Path.GetTempPath(), "eh-missing-" + Stamp()), DateTime.UtcNow));

    [Fact]
    public void AnEngineStarting_RemovesWhatAnInterruptedImportLeft()
    {
        using var dir = new TempDirectory();
        var abandoned = Make(dir, $"datasets/stl10.ehds.{Stamp()}.tmp", LongAgo);
        var beingWritten = Make(dir, $"datasets/cifar10.ehds.{Stamp()}.tmp", null);
        using var engine = new EmbeddedEngine(new EngineOptions { DataDirectory = dir.Path });
        Assert.False(File.Exists(abandoned));
        Assert.True(File.Exists(beingWritten));
    }

    private static string Stamp() => Guid.NewGuid().ToString("N");

    private static string Make(TempDirectory dir, string relative, DateTime? lastWrite)
    {
        var path = Path.Combine(dir.Path, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [1, 2, 3]);
        if (lastWrite is { } time)
        {
            File.SetLastWriteTimeUtc(path, time);
        }

        return path;
    }
}
