using ExplainHub.Shared;

namespace ExplainHub.Engine.Data.Import;

/// <summary>
/// CIFAR-10's binary version: data_batch_1..5.bin (train) and test_batch.bin, each record one label byte then
/// 3,072 bytes of a 32×32 image as red, green and blue planes — already our C×H×W layout. Class names come from
/// batches.meta.txt when it is there.
/// </summary>
public sealed class Cifar10Importer : IDatasetImporter
{
    public const int Side = 32;
    private const int ImageSize = 3 * Side * Side;
    private const int RecordSize = 1 + ImageSize;

    public static readonly IReadOnlyList<string> DefaultClassNames =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    public string Format => DatasetFormats.Cifar10;

    public InMemoryDataset Import(DatasetImportRequest request, string id, Action<double> progress, CancellationToken cancellationToken)
    {
        var folder = request.Path;
        if (!Directory.Exists(folder))
        {
            throw new DatasetFormatException($"No CIFAR-10 folder at {folder}: give the folder holding data_batch_1.bin … test_batch.bin.");
        }

        var trainFiles = Directory.GetFiles(folder, "data_batch_*.bin").Order(StringComparer.Ordinal).ToArray();
        var testFile = Path.Combine(folder, "test_batch.bin");
        if (trainFiles.Length == 0 || !File.Exists(testFile))
        {
            throw new DatasetFormatException($"{folder} holds no data_batch_*.bin or no test_batch.bin (CIFAR-10 binary version).");
        }

        var train = new SplitBuilder(ImageSize);
        var test = new SplitBuilder(ImageSize);
        var files = trainFiles.Append(testFile).ToArray();
        for (var f = 0; f < files.Length; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ReadBatch(files[f], f < trainFiles.Length ? train : test);
            progress((double)(f + 1) / files.Length);
        }

        var (trainPixels, trainLabels) = train.Build();
        var (testPixels, testLabels) = test.Build();
        return new InMemoryDataset(id, request.Name ?? "CIFAR-10", 3, Side, Side, ClassNames(folder),
            trainPixels, trainLabels, testPixels, testLabels);
    }

    private static void ReadBatch(string path, SplitBuilder split)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0 || bytes.Length % RecordSize != 0)
        {
            var whole = bytes.Length / RecordSize;
            throw new DatasetFormatException(
                $"{path}: truncated at byte offset {whole * RecordSize}: record {whole + 1} has {bytes.Length - (whole * RecordSize)} of {RecordSize} bytes.");
        }

        for (var offset = 0; offset < bytes.Length; offset += RecordSize)
        {
            var label = bytes[offset];
            if (label > 9)
            {
                throw new DatasetFormatException($"{path}, byte offset {offset}: label {label} is not 0..9.");
            }

            split.Add(bytes.AsSpan(offset + 1, ImageSize), label);
        }
    }

    private static IReadOnlyList<string> ClassNames(string folder)
    {
        var meta = Path.Combine(folder, "batches.meta.txt");
        if (!File.Exists(meta))
        {
            return DefaultClassNames;
        }

        var names = File.ReadAllLines(meta).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        return names.Length == 10 ? names : DefaultClassNames;
    }
}
