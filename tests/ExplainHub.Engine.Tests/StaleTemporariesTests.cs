using ExplainHub.Engine.Storage;

namespace ExplainHub.Engine.Tests;

/// <summary>The temporaries a killed writer leaves are removed once they are old; nothing else is touched.</summary>
public sealed class StaleTemporariesTests
{
    private static readonly DateTime LongAgo = DateTime.UtcNow.AddHours(-3);

    [Fact]
    public void OldTemporariesOfTheWritersPattern_AreRemoved_AndNothingElse()
    {
        using var dir = new TempDirectory();
        var abandoned = Make(dir, $"datasets/cifar10.ehds.{Stamp()}.tmp", LongAgo);
        var nested = Make(dir, $"checkpoints/run-1/.state.json.{Stamp()}.tmp", LongAgo);
        var beingWritten = Make(dir, $"datasets/fer2013.ehds.{Stamp()}.tmp", null);
        var notOurs = Make(dir, "datasets/notes.tmp", LongAgo);
        var key = Make(dir, "engine.key.tmp", LongAgo);
        var data = Make(dir, "datasets/cifar10.ehds", LongAgo);

        var removed = StaleTemporaries.Remove(dir.Path, DateTime.UtcNow - StaleTemporaries.Age);

        Assert.Equal(new[] { abandoned, nested }.Order(), removed.Order());
        Assert.False(File.Exists(abandoned));
        Assert.False(File.Exists(nested));
        Assert.All(new[] { beingWritten, notOurs, key, data }, path => Assert.True(File.Exists(path), path));
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
