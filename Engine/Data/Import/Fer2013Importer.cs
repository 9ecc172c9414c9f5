using System.Globalization;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Data.Import;

/// <summary>
/// Kaggle's fer2013.csv (seed 000 §4.1): a header <c>emotion,pixels,Usage</c>, then one 48×48 grey face a line as
/// 2,304 space-separated values. Training → train, PublicTest → validation, PrivateTest → test.
/// </summary>
public sealed class Fer2013Importer : IDatasetImporter
{
    public const int Side = 48;

    public static readonly IReadOnlyList<string> ClassNames = ["Angry", "Disgust", "Fear", "Happy", "Sad", "Surprise", "Neutral"];

    public string Format => DatasetFormats.Fer2013;

    public InMemoryDataset Import(DatasetImportRequest request, string id, Action<double> progress, CancellationToken cancellationToken)
    {
        var path = request.Path;
        if (!File.Exists(path))
        {
            throw new DatasetFormatException($"No FER2013 file at {path}: give the path of fer2013.csv.");
        }

        const int size = Side * Side;
        var splits = new Dictionary<string, SplitBuilder>(StringComparer.Ordinal)
        {
            ["Training"] = new(size),
            ["PublicTest"] = new(size),
            ["PrivateTest"] = new(size),
        };
        var image = new byte[size];
        using var stream = File.OpenRead(path);
        using var reader = new StreamReader(stream);
        var header = reader.ReadLine();
        if (header is null || !header.Trim().Equals("emotion,pixels,Usage", StringComparison.OrdinalIgnoreCase))
        {
            throw new DatasetFormatException($"{path}, line 1: expected the header 'emotion,pixels,Usage', found '{Shorten(header)}'.");
        }

        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (line % 100 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress((double)stream.Position / Math.Max(1, stream.Length));
            }

            if (text.Length == 0)
            {
                continue;
            }

            var fields = text.Split(',');
            if (fields.Length != 3)
            {
                throw Bad(path, line, $"expected 3 fields (emotion,pixels,Usage), found {fields.Length}");
            }

            if (!int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var emotion) || emotion >= ClassNames.Count)
            {
                throw Bad(path, line, $"emotion '{fields[0]}' is not 0..{ClassNames.Count - 1}");
            }

            var usage = fields[2].Trim();
            if (!splits.TryGetValue(usage, out var split))
            {
                throw Bad(path, line, $"Usage '{usage}' is not Training, PublicTest or PrivateTest");
            }

            ReadPixels(fields[1], image, path, line);
            split.Add(image, emotion);
        }

        if (splits["Training"].Count == 0 || splits["PrivateTest"].Count == 0)
        {
            throw new DatasetFormatException($"{path}: no Training or no PrivateTest rows after {line} lines; is the file complete?");
        }

        progress(1);
        var (trainPixels, trainLabels) = splits["Training"].Build();
        var (testPixels, testLabels) = splits["PrivateTest"].Build();
        var (validationPixels, validationLabels) = splits["PublicTest"].Build();
        return new InMemoryDataset(id, request.Name ?? "FER2013", 1, Side, Side, ClassNames,
            trainPixels, trainLabels, testPixels, testLabels, validationPixels, validationLabels);
    }

    private static void ReadPixels(string field, byte[] image, string path, int line)
    {
        var values = field.AsSpan().Trim();
        var count = 0;
        foreach (var range in values.Split(' '))
        {
            var token = values[range];
            if (token.IsEmpty)
            {
                continue;
            }

            if (count == image.Length)
            {
                throw Bad(path, line, $"more than {image.Length} pixel values");
            }

            if (!byte.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out image[count]))
            {
                throw Bad(path, line, $"pixel {count + 1} '{token}' is not 0..255");
            }

            count++;
        }

        if (count != image.Length)
        {
            throw Bad(path, line, $"{count} pixel values, expected {image.Length} (48×48); is the line cut short?");
        }
    }

    private static DatasetFormatException Bad(string path, int line, string what) => new($"{path}, line {line}: {what}.");

    private static string Shorten(string? text) => text is null ? "nothing" : text.Length > 40 ? text[..40] + "…" : text;
}
