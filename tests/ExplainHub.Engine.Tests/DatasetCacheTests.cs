using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using ExplainHub.Engine.Data;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests;

/// <summary>
/// A cache file whose header declares more than the file holds (damaged, or not written by us) is not a cache, and is
/// found out before its declared sizes are allocated.
/// </summary>
public sealed class DatasetCacheTests
{
    private const long Megabyte = 1 << 20;

    private static readonly byte[] Magic = "EHDSET02"u8.ToArray();

    [Fact]
    public void HeaderLongerThanTheFile_IsNotACache()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "tiny.ehds");
        DatasetCache.Write(path, Tiny(), "s");
        var bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(Magic.Length), int.MaxValue);
        File.WriteAllBytes(path, bytes);

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        Assert.Null(DatasetCache.ReadInfo(path));
        Assert.Null(DatasetCache.TryRead(path, null));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 16 * Megabyte);
    }

    [Fact]
    public void ImagesDeclaredButNotThere_AreNotAllocated()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "forged.ehds");
        // 1,000 labels are there; the 1,000 images of 3×512×512 they promise (750 MB) are not.
        var info = new DatasetInfo("forged", "Forged", 3, 512, 512, ["a", "b"], 1000, 0);
        WriteCache(path, info, new byte[1000 * sizeof(int)]);

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        Assert.Null(DatasetCache.TryRead(path, null));
        Assert.Null(DatasetCache.ReadInfo(path));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 16 * Megabyte);
    }

    [Theory]
    [InlineData(0, 2, 2, 1)]
    [InlineData(1, -2, 2, 1)]
    [InlineData(1, 2, 2, -1)]
    public void NonsenseShapesOrCounts_AreNotACache(int channels, int height, int width, int trainCount)
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "nonsense.ehds");
        WriteCache(path, new DatasetInfo("nonsense", "Nonsense", channels, height, width, ["a"], trainCount, 0), []);
        Assert.Null(DatasetCache.ReadInfo(path));
        Assert.Null(DatasetCache.TryRead(path, null));
    }

    [Fact]
    public void AHeaderWithoutInfo_OrWithSizesThatOverflow_IsNotACache()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "odd.ehds");
        WriteHeader(path, """{"Info":null,"SourceStamp":"s"}"""u8.ToArray());
        Assert.Null(DatasetCache.ReadInfo(path));
        Assert.Null(DatasetCache.TryRead(path, null));

        // Channels × height × width × count wraps a long; the wrapped length must not pass for the file's.
        WriteCache(path, new DatasetInfo("odd", "Odd", int.MaxValue, int.MaxValue, int.MaxValue, ["a"], int.MaxValue, 0), []);
        Assert.Null(DatasetCache.ReadInfo(path));
        Assert.Null(DatasetCache.TryRead(path, null));
    }

    [Fact]
    public void AWholeCache_StillReadsBack()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "tiny.ehds");
        var tiny = Tiny();
        DatasetCache.Write(path, tiny, "s");
        Assert.Equal(tiny.Info.TrainCount, DatasetCache.ReadInfo(path)?.TrainCount);
        var back = DatasetCache.TryRead(path, "s");
        Assert.NotNull(back);
        Assert.Equal(tiny.Validation.Pixels, back.Validation.Pixels);
        Assert.Equal(tiny.Test.Labels, back.Test.Labels);
    }

    private static InMemoryDataset Tiny() => new(
        "tiny", "Tiny", 1, 2, 2, ["a", "b"],
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [0, 1, 0],
        [13, 14, 15, 16], [1],
        [17, 18, 19, 20, 21, 22, 23, 24], [0, 1]);

    // The cache's layout as DatasetCache documents it: magic, header length, JSON header, then whatever body is given.
    private static void WriteCache(string path, DatasetInfo info, byte[] body) =>
        WriteHeader(path, JsonSerializer.SerializeToUtf8Bytes(new { Info = info, SourceStamp = "s" }), body);

    private static void WriteHeader(string path, byte[] header, byte[]? body = null)
    {
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream, Encoding.UTF8);
        writer.Write(Magic);
        writer.Write(header.Length);
        writer.Write(header);
        writer.Write(body ?? []);
    }
}
