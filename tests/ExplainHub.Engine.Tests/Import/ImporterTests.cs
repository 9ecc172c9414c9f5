using System.IO.Compression;
using System.Text;
using ExplainHub.Engine.Data;
using ExplainHub.Engine.Data.Import;
using ExplainHub.Engine.Native;
using ExplainHub.Engine.Imaging;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests.Import;

/// <summary>Every importer on tiny files it is handed here: a round trip with known pixels, and a cut-short file refused with where.</summary>
[Collection(NativeCollection.Name)]
public sealed class ImporterTests : IDisposable
{
    private readonly TempDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Fer2013_SplitsByUsage_AndKeepsEveryPixel()
    {
        var path = WriteFer(("Training", 3), ("Training", 0), ("PublicTest", 6), ("PrivateTest", 4), ("Training", 1));

        var dataset = Import(new Fer2013Importer(), path);

        Assert.Equal((3, 1, 1), (dataset.Train.Count, dataset.Validation.Count, dataset.Test.Count));
        Assert.Equal([3, 0, 1], dataset.Train.Labels);
        Assert.Equal([6], dataset.Validation.Labels);
        Assert.Equal("Neutral", dataset.Info.ClassNames[6]);
        Assert.Equal((1, 48, 48), (dataset.Info.Channels, dataset.Info.Height, dataset.Info.Width));
        // Row r's pixel p was written as (r + p) mod 256.
        Assert.Equal((byte)((1 + 100) % 256), dataset.Train.Image(1)[100]);
        Assert.Equal((byte)((2 + 2303) % 256), dataset.Validation.Image(0)[2303]);
    }

    [Fact]
    public void Fer2013_ALineCutShort_IsRefusedWithItsLineNumber()
    {
        var path = WriteFer(("Training", 3), ("PrivateTest", 1));
        var lines = File.ReadAllLines(path);
        lines[2] = lines[2][..(lines[2].Length / 2)] + ",PrivateTest";
        File.WriteAllLines(path, lines);

        var error = Assert.Throws<DatasetFormatException>(() => Import(new Fer2013Importer(), path));

        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected 2304 (48×48); is the line cut short?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fer2013_TooFewPixels_AndAWrongHeader_SayWhichLine()
    {
        var path = Path.Combine(folder.Path, "short.csv");
        File.WriteAllText(path, "emotion,pixels,Usage\n2,1 2 3,Training\n");
        var shortLine = Assert.Throws<DatasetFormatException>(() => Import(new Fer2013Importer(), path));
        Assert.Contains("line 2: 3 pixel values, expected 2304", shortLine.Message, StringComparison.Ordinal);

        File.WriteAllText(path, "label,image\n");
        var header = Assert.Throws<DatasetFormatException>(() => Import(new Fer2013Importer(), path));
        Assert.Contains("line 1", header.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cifar10_ReadsPlanarRecords_AndRefusesATruncatedBatchWithItsByteOffset()
    {
        var cifar = Directory.CreateDirectory(Path.Combine(folder.Path, "cifar")).FullName;
        File.WriteAllBytes(Path.Combine(cifar, "data_batch_1.bin"), CifarRecords((7, 10), (2, 20)));
        File.WriteAllBytes(Path.Combine(cifar, "data_batch_2.bin"), CifarRecords((9, 30)));
        File.WriteAllBytes(Path.Combine(cifar, "test_batch.bin"), CifarRecords((0, 40), (1, 50)));

        var dataset = Import(new Cifar10Importer(), cifar);

        Assert.Equal([7, 2, 9], dataset.Train.Labels);
        Assert.Equal(2, dataset.Test.Count);
        Assert.Equal((3, 32, 32), (dataset.Info.Channels, dataset.Info.Height, dataset.Info.Width));
        // Record with seed s has byte p = (s + p) mod 256 in R, G, B planes: plane order is kept.
        Assert.Equal((byte)((20 + 1024 + 5) % 256), dataset.Train.Image(1)[1024 + 5]);
        Assert.Equal("truck", dataset.Info.ClassNames[9]);

        var test = Path.Combine(cifar, "test_batch.bin");
        File.WriteAllBytes(test, File.ReadAllBytes(test)[..(3073 + 100)]);
        var error = Assert.Throws<DatasetFormatException>(() => Import(new Cifar10Importer(), cifar));
        Assert.Contains("test_batch.bin: truncated at byte offset 3073", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stl10_TransposesColumnMajorPlanes_AndChecksLabelsAgainstImages()
    {
        var stl = Directory.CreateDirectory(Path.Combine(folder.Path, "stl")).FullName;
        File.WriteAllBytes(Path.Combine(stl, "train_X.bin"), StlImages(2));
        File.WriteAllBytes(Path.Combine(stl, "train_y.bin"), [1, 10]);
        File.WriteAllBytes(Path.Combine(stl, "test_X.bin"), StlImages(1));
        File.WriteAllBytes(Path.Combine(stl, "test_y.bin"), [4]);

        var dataset = Import(new Stl10Importer(), stl);

        Assert.Equal([0, 9], dataset.Train.Labels);
        Assert.Equal([3], dataset.Test.Labels);
        // StlImages marks channel 1 at row 5, column 70 (stored column-major) with 200.
        Assert.Equal(200, dataset.Train.Image(1)[(96 * 96) + (5 * 96) + 70]);
        Assert.Equal(0, dataset.Train.Image(1)[(96 * 96) + (70 * 96) + 5]);

        File.WriteAllBytes(Path.Combine(stl, "test_y.bin"), [4, 5]);
        var labels = Assert.Throws<DatasetFormatException>(() => Import(new Stl10Importer(), stl));
        Assert.Contains("2 labels for 1 images", labels.Message, StringComparison.Ordinal);

        File.WriteAllBytes(Path.Combine(stl, "test_X.bin"), StlImages(1)[..1000]);
        var truncated = Assert.Throws<DatasetFormatException>(() => Import(new Stl10Importer(), stl));
        Assert.Contains("test_X.bin: truncated at byte offset 0", truncated.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImageFolder_ResizesGreyImages_HoldsOutAFifthAsTest_AndReadsTheSameFromAZip()
    {
        var tree = Directory.CreateDirectory(Path.Combine(folder.Path, "shapes", "inner")).FullName;
        WritePngs(Path.Combine(tree, "dark"), 5, value: 30);
        WritePngs(Path.Combine(tree, "light"), 5, value: 220);
        File.WriteAllText(Path.Combine(tree, "light", "notes.txt"), "not an image");

        var dataset = Import(new ImageFolderImporter(), Path.Combine(folder.Path, "shapes"), size: 8, grey: true);

        Assert.Equal(["dark", "light"], dataset.Info.ClassNames);
        Assert.Equal((8, 2, 1), (dataset.Train.Count, dataset.Test.Count, dataset.Info.Channels));
        Assert.Equal((8, 8), (dataset.Info.Height, dataset.Info.Width));
        Assert.InRange(dataset.Train.Image(0)[10], 25, 35);
        Assert.InRange(dataset.Test.Image(dataset.Test.Labels.ToList().IndexOf(1))[10], 215, 225);

        var zip = Path.Combine(folder.Path, "shapes.zip");
        ZipFile.CreateFromDirectory(Path.Combine(folder.Path, "shapes"), zip);
        var zipped = Import(new ImageFolderImporter(), zip, size: 8, grey: true);
        Assert.Equal(dataset.Train.Pixels, zipped.Train.Pixels);
        Assert.Equal(dataset.Test.Labels, zipped.Test.Labels);

        // As macOS Finder zips it: every image with a "._name" companion under __MACOSX/, and a hidden file.
        var finder = Path.Combine(folder.Path, "finder.zip");
        using (var archive = ZipFile.Open(finder, ZipArchiveMode.Create))
        {
            foreach (var file in Directory.GetFiles(Path.Combine(folder.Path, "shapes"), "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var name = Path.GetRelativePath(Path.Combine(folder.Path, "shapes"), file).Replace('\\', '/');
                archive.CreateEntryFromFile(file, name);
                using var fork = new StreamWriter(archive.CreateEntry($"__MACOSX/{Path.GetDirectoryName(name)!.Replace('\\', '/')}/._{Path.GetFileName(name)}").Open());
                fork.Write("Mac OS X resource fork");
            }

            using var hidden = new StreamWriter(archive.CreateEntry("inner/dark/.thumbnail.png").Open());
            hidden.Write("not an image either");
        }

        var fromFinder = Import(new ImageFolderImporter(), finder, size: 8, grey: true);
        Assert.Equal(["dark", "light"], fromFinder.Info.ClassNames);
        Assert.Equal(dataset.Train.Pixels, fromFinder.Train.Pixels);
        Assert.Equal(dataset.Test.Labels, fromFinder.Test.Labels);

        File.WriteAllBytes(zip, File.ReadAllBytes(zip)[..200]);
        Assert.Throws<DatasetFormatException>(() => Import(new ImageFolderImporter(), zip, size: 8, grey: true));
    }

    [Fact]
    public void ImageFolder_ThatCannotFitInOneSplit_OrWithAnOversizedZipEntry_IsRefusedBeforeDecodingIt()
    {
        // 2 × 1,800 files of 512×512 RGB: the train split's 2,880 would need more than one array holds. Empty files:
        // the count is checked before anything is decoded.
        var many = Path.Combine(folder.Path, "many");
        foreach (var label in new[] { "a", "b" })
        {
            Directory.CreateDirectory(Path.Combine(many, label));
            for (var i = 0; i < 1800; i++)
            {
                File.WriteAllBytes(Path.Combine(many, label, $"{i:D4}.png"), []);
            }
        }

        var tooMany = Assert.Throws<DatasetFormatException>(() => Import(new ImageFolderImporter(), many, size: 512, grey: false));
        Assert.Contains("2,880 train images of 3×512×512 do not fit", tooMany.Message, StringComparison.Ordinal);

        // A zip entry that inflates past any image the codec decodes (zeros compress to almost nothing).
        var bomb = Path.Combine(folder.Path, "bomb.zip");
        using (var archive = ZipFile.Open(bomb, ZipArchiveMode.Create))
        {
            WritePngs(Path.Combine(folder.Path, "small"), 1, 100);
            archive.CreateEntryFromFile(Directory.GetFiles(Path.Combine(folder.Path, "small"))[0], "a/1.png");
            using var large = archive.CreateEntry("b/1.png", CompressionLevel.Fastest).Open();
            var zeros = new byte[1 << 20];
            for (var written = 0L; written <= ImageFolderImporter.MaxFileBytes; written += zeros.Length)
            {
                large.Write(zeros);
            }
        }

        var tooLarge = Assert.Throws<DatasetFormatException>(() => Import(new ImageFolderImporter(), bomb, size: 8, grey: true));
        Assert.Contains("b/1.png: larger than", tooLarge.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImageFolder_WithSplitFolders_KeepsThem_AndNamesAnUndecodableFile()
    {
        var root = Path.Combine(folder.Path, "split");
        WritePngs(Path.Combine(root, "train", "a"), 2, 10);
        WritePngs(Path.Combine(root, "train", "b"), 2, 240);
        WritePngs(Path.Combine(root, "val", "a"), 1, 10);
        WritePngs(Path.Combine(root, "test", "b"), 1, 240);

        var dataset = Import(new ImageFolderImporter(), root, size: 16, grey: false);
        Assert.Equal((4, 1, 1), (dataset.Train.Count, dataset.Validation.Count, dataset.Test.Count));
        Assert.Equal(3, dataset.Info.Channels);

        File.WriteAllText(Path.Combine(root, "train", "a", "broken.png"), "not a png");
        var error = Assert.Throws<DatasetFormatException>(() => Import(new ImageFolderImporter(), root, size: 16, grey: false));
        Assert.Contains("train/a/broken.png", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImageFolder_ReadsAZipWithWindowsSeparators_AndAWrapperWithALooseCoverImage()
    {
        var source = Path.Combine(folder.Path, "loose");
        WritePngs(Path.Combine(source, "photos", "cat"), 5, 30);
        WritePngs(Path.Combine(source, "photos", "dog"), 5, 220);
        File.Copy(Path.Combine(source, "photos", "cat", "img0.png"), Path.Combine(source, "photos", "cover.png"));

        var wrapped = Import(new ImageFolderImporter(), source, size: 8, grey: true);

        Assert.Equal(["cat", "dog"], wrapped.Info.ClassNames);
        Assert.Equal(10, wrapped.Train.Count + wrapped.Test.Count);
        // As PowerShell 5's Compress-Archive writes it: "photos\cat\img0.png".
        var zip = Path.Combine(folder.Path, "windows.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
            {
                archive.CreateEntryFromFile(file, Path.GetRelativePath(source, file).Replace('/', '\\'));
            }
        }

        var zipped = Import(new ImageFolderImporter(), zip, size: 8, grey: true);
        Assert.Equal(wrapped.Info.ClassNames, zipped.Info.ClassNames);
        Assert.Equal(wrapped.Train.Pixels, zipped.Train.Pixels);
    }

    [Fact]
    public void ImageFolder_WithSplitFolders_RefusesAClassThatHasNoTrainingImages_NamingIt()
    {
        var root = Path.Combine(folder.Path, "misspelt");
        WritePngs(Path.Combine(root, "train", "cat"), 2, 10);
        WritePngs(Path.Combine(root, "train", "dog"), 2, 240);
        WritePngs(Path.Combine(root, "test", "cat"), 1, 10);
        WritePngs(Path.Combine(root, "test", "dgo"), 1, 240);

        var error = Assert.Throws<DatasetFormatException>(() => Import(new ImageFolderImporter(), root, size: 16, grey: true));

        Assert.Contains("'dgo' have images in test/ or val/ but none in train/", error.Message, StringComparison.Ordinal);
    }

    private static InMemoryDataset Import(IDatasetImporter importer, string path, int? size = null, bool grey = false) =>
        importer.Import(new DatasetImportRequest(importer.Format, path, Size: size, Grey: grey), "test-set", _ => { }, CancellationToken.None);

    private string WriteFer(params (string Usage, int Emotion)[] rows)
    {
        var text = new StringBuilder("emotion,pixels,Usage\n");
        for (var r = 0; r < rows.Length; r++)
        {
            text.Append(rows[r].Emotion).Append(',')
                .AppendJoin(' ', Enumerable.Range(0, 48 * 48).Select(p => (r + p) % 256))
                .Append(',').Append(rows[r].Usage).Append('\n');
        }

        var path = Path.Combine(folder.Path, "fer2013.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static byte[] CifarRecords(params (byte Label, int Seed)[] records)
    {
        var bytes = new byte[records.Length * 3073];
        for (var r = 0; r < records.Length; r++)
        {
            bytes[r * 3073] = records[r].Label;
            for (var p = 0; p < 3072; p++)
            {
                bytes[(r * 3073) + 1 + p] = (byte)((records[r].Seed + p) % 256);
            }
        }

        return bytes;
    }

    /// <summary>count images of 3 column-major 96×96 planes; the last one has channel 1, row 5, column 70 set to 200.</summary>
    private static byte[] StlImages(int count)
    {
        var bytes = new byte[count * 3 * 96 * 96];
        var last = (count - 1) * 3 * 96 * 96;
        bytes[last + (96 * 96) + (70 * 96) + 5] = 200;
        return bytes;
    }

    private static void WritePngs(string directory, int count, byte value)
    {
        Directory.CreateDirectory(directory);
        for (var i = 0; i < count; i++)
        {
            var pixels = Enumerable.Repeat(value, 12 * 12).ToArray();
            File.WriteAllBytes(Path.Combine(directory, $"img{i}.png"), ImageCodec.Encode(pixels, 12, 12, 1));
        }
    }
}
