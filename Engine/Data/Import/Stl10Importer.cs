using ExplainHub.Shared;

namespace ExplainHub.Engine.Data.Import;

/// <summary>
/// STL-10's binary files (seed 004 §3.2): train_X.bin / test_X.bin hold 96×96 RGB images as three planes each
/// stored column-major (MATLAB order), train_y.bin / test_y.bin one label byte 1..10 each. Planes are transposed to
/// our row-major C×H×W. Class names come from class_names.txt when it is there.
/// </summary>
public sealed class Stl10Importer : IDatasetImporter
{
    public const int Side = 96;
    private const int Plane = Side * Side;
    private const int ImageSize = 3 * Plane;

    public static readonly IReadOnlyList<string> DefaultClassNames =
        ["airplane", "bird", "car", "cat", "deer", "dog", "horse", "monkey", "ship", "truck"];

    public string Format => DatasetFormats.Stl10;

    public InMemoryDataset Import(DatasetImportRequest request, string id, Action<double> progress, CancellationToken cancellationToken)
    {
        var folder = request.Path;
        if (!Directory.Exists(folder))
        {
            throw new DatasetFormatException($"No STL-10 folder at {folder}: give the folder holding train_X.bin, train_y.bin, test_X.bin, test_y.bin.");
        }

        // STL-10's training file holds 5,000 of its 13,000 labelled images, the test file the rest.
        const double trainShare = 5.0 / 13;
        var train = Read(folder, "train", share => progress(share * trainShare), cancellationToken);
        var test = Read(folder, "test", share => progress(trainShare + (share * (1 - trainShare))), cancellationToken);
        progress(1);
        return new InMemoryDataset(id, request.Name ?? "STL-10", 3, Side, Side, ClassNames(folder),
            train.Pixels, train.Labels, test.Pixels, test.Labels);
    }

    private static (byte[] Pixels, int[] Labels) Read(string folder, string part, Action<double> progress, CancellationToken cancellationToken)
    {
        var imagesPath = Path.Combine(folder, $"{part}_X.bin");
        var labelsPath = Path.Combine(folder, $"{part}_y.bin");
        if (!File.Exists(imagesPath) || !File.Exists(labelsPath))
        {
            throw new DatasetFormatException($"{folder} lacks {part}_X.bin or {part}_y.bin (STL-10 binary version).");
        }

        var labelBytes = File.ReadAllBytes(labelsPath);
        var images = File.ReadAllBytes(imagesPath);
        if (images.Length % ImageSize != 0)
        {
            var whole = images.Length / ImageSize;
            throw new DatasetFormatException(
                $"{imagesPath}: truncated at byte offset {(long)whole * ImageSize}: image {whole + 1} has {images.Length - (whole * ImageSize)} of {ImageSize} bytes.");
        }

        var count = images.Length / ImageSize;
        if (labelBytes.Length != count)
        {
            throw new DatasetFormatException(
                $"{labelsPath}: {labelBytes.Length} labels for {count} images in {Path.GetFileName(imagesPath)}; truncated at byte offset {Math.Min(labelBytes.Length, count)}.");
        }

        var labels = new int[count];
        var pixels = new byte[images.Length];
        for (var i = 0; i < count; i++)
        {
            if (i % 500 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress((double)i / count);
            }

            if (labelBytes[i] is < 1 or > 10)
            {
                throw new DatasetFormatException($"{labelsPath}, byte offset {i}: label {labelBytes[i]} is not 1..10.");
            }

            labels[i] = labelBytes[i] - 1;
            for (var c = 0; c < 3; c++)
            {
                var source = images.AsSpan((i * ImageSize) + (c * Plane), Plane);
                var target = pixels.AsSpan((i * ImageSize) + (c * Plane), Plane);
                for (var x = 0; x < Side; x++)
                {
                    for (var y = 0; y < Side; y++)
                    {
                        target[(y * Side) + x] = source[(x * Side) + y];
                    }
                }
            }
        }

        return (pixels, labels);
    }

    private static IReadOnlyList<string> ClassNames(string folder)
    {
        var file = Path.Combine(folder, "class_names.txt");
        var names = File.Exists(file) ? File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray() : [];
        return names.Length == 10 ? names : DefaultClassNames;
    }
}
