using System.IO.Compression;
using ExplainHub.Engine.Native;
using ExplainHub.Engine.Imaging;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Data.Import;

/// <summary>
/// A tree of images with one folder per class — a folder on disk or a zip of one — decoded by SkiaSharp (PNG, JPEG,
/// BMP, WebP) and resized to Size×Size, grey or RGB. With train/, test/ (and val/ or validation/) at the top those are
/// the splits; otherwise the last fifth of each class's files (by name) is held out as test. A single folder
/// wrapping everything (as zips often have) is looked through.
/// </summary>
public sealed class ImageFolderImporter : IDatasetImporter
{
    public const int DefaultSize = 64;

    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp", ".webp"];

    /// <summary>The largest image file read: an uncompressed BMP of the most pixels the codec decodes, and a header.</summary>
    public const long MaxFileBytes = (ImageCodec.MaxPixels * 4) + (1 << 20);

    public string Format => DatasetFormats.ImageFolder;

    public InMemoryDataset Import(DatasetImportRequest request, string id, Action<double> progress, CancellationToken cancellationToken)
    {
        var size = request.Size ?? DefaultSize;
        if (size is < 8 or > 512)
        {
            throw new DatasetFormatException($"Image size must be 8..512 pixels, not {size}.");
        }

        var channels = request.Grey ? 1 : 3;
        using var source = ImageSource.Open(request.Path);
        var files = source.Files.Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()) && !IsCompanion(f)).ToArray();
        var root = CommonRoot(files);
        var entries = files.Select(f => (File: f, Parts: f[root.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries)))
            .Where(e => e.Parts.Length >= 2).ToArray();
        var splitFolders = new[] { "train", "test", "val", "validation" };
        var presplit = entries.Any(e => e.Parts.Length >= 3 && e.Parts[0].Equals("train", StringComparison.OrdinalIgnoreCase));
        var labelled = entries
            .Where(e => !presplit || (e.Parts.Length >= 3 && splitFolders.Contains(e.Parts[0].ToLowerInvariant())))
            .Select(e => presplit
                ? (e.File, Split: SplitOf(e.Parts[0]), Class: e.Parts[1])
                : (e.File, Split: DatasetSplit.Train, Class: e.Parts[0]))
            .OrderBy(e => e.File, StringComparer.Ordinal)
            .ToList();
        var classNames = labelled.Select(e => e.Class).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (classNames.Length < 2)
        {
            throw new DatasetFormatException($"{request.Path}: found {classNames.Length} class folder(s) with images; a data set needs at least two (one folder of PNG/JPEG/BMP/WebP files per class).");
        }

        if (!presplit)
        {
            labelled = HoldOutTest(labelled);
        }
        else if (classNames.Except(labelled.Where(e => e.Split == DatasetSplit.Train).Select(e => e.Class), StringComparer.Ordinal).ToArray() is { Length: > 0 } untrained)
        {
            // A class only under test/ or val/ (often a misspelt folder) would be one no model can learn.
            throw new DatasetFormatException(
                $"{request.Path}: class folder(s) {string.Join(", ", untrained.Select(c => $"'{c}'"))} have images in test/ or val/ but none in train/; every class needs training images.");
        }

        var imageSize = channels * size * size;
        // Each split is one array; say so before decoding anything rather than fail after decoding everything.
        if (labelled.GroupBy(e => e.Split).FirstOrDefault(g => (long)g.Count() * imageSize > Array.MaxLength) is { } tooMany)
        {
            throw new DatasetFormatException(
                $"{request.Path}: {tooMany.Count():N0} {tooMany.Key.ToString().ToLowerInvariant()} images of {channels}×{size}×{size} do not fit in one data set split (at most {Array.MaxLength / imageSize:N0}); import them smaller, grey, or fewer.");
        }

        var builders = new Dictionary<DatasetSplit, SplitBuilder>
        {
            [DatasetSplit.Train] = new(imageSize),
            [DatasetSplit.Test] = new(imageSize),
            [DatasetSplit.Validation] = new(imageSize),
        };
        var planar = new byte[imageSize];
        for (var i = 0; i < labelled.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (file, split, className) = labelled[i];
            byte[] interleaved;
            try
            {
                interleaved = ImageCodec.DecodeResized(source.Read(file), size, size, channels);
            }
            catch (InvalidDataException ex)
            {
                throw new DatasetFormatException($"{request.Path}: {file}: {ex.Message}", ex);
            }

            for (var p = 0; p < size * size; p++)
            {
                for (var c = 0; c < channels; c++)
                {
                    planar[(c * size * size) + p] = interleaved[(p * channels) + c];
                }
            }

            builders[split].Add(planar, Array.IndexOf(classNames, className));
            if (i % 64 == 0)
            {
                progress((double)(i + 1) / labelled.Count);
            }
        }

        if (builders[DatasetSplit.Train].Count == 0 || builders[DatasetSplit.Test].Count == 0)
        {
            throw new DatasetFormatException($"{request.Path}: the train or the test split has no images.");
        }

        progress(1);
        var (trainPixels, trainLabels) = builders[DatasetSplit.Train].Build();
        var (testPixels, testLabels) = builders[DatasetSplit.Test].Build();
        var (validationPixels, validationLabels) = builders[DatasetSplit.Validation].Build();
        return new InMemoryDataset(id, request.Name ?? id, channels, size, size, classNames,
            trainPixels, trainLabels, testPixels, testLabels, validationPixels, validationLabels);
    }

    // What archivers and file managers put beside the images: macOS Finder's __MACOSX/ tree of "._name" resource forks
    // (which end in .png too), hidden files and folders. Taken as images they would be a class of their own and fail to decode.
    private static bool IsCompanion(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).Any(part => part == "__MACOSX" || part.StartsWith('.'));

    private static DatasetSplit SplitOf(string folder) => folder.ToLowerInvariant() switch
    {
        "train" => DatasetSplit.Train,
        "test" => DatasetSplit.Test,
        _ => DatasetSplit.Validation,
    };

    /// <summary>The last fifth of each class's files (at least one where a class has two or more) becomes test.</summary>
    private static List<(string File, DatasetSplit Split, string Class)> HoldOutTest(List<(string File, DatasetSplit Split, string Class)> labelled) =>
        labelled.GroupBy(e => e.Class, StringComparer.Ordinal).SelectMany(group =>
        {
            var files = group.ToList();
            var held = files.Count >= 2 ? Math.Max(1, files.Count / 5) : 0;
            return files.Select((e, i) => i >= files.Count - held ? e with { Split = DatasetSplit.Test } : e);
        }).ToList();

    /// <summary>
    /// The one folder every file lies under when stripping it still leaves class folders ("data/cat/1.png"), else "".
    /// Files loose in that folder (a cover image beside the class folders) belong to no class and do not hide it.
    /// </summary>
    private static string CommonRoot(IReadOnlyList<string> files)
    {
        var parts = files.Select(f => f.Split('/')).ToArray();
        if (parts.Length == 0 || parts.Any(p => p.Length < 2) || !parts.Any(p => p.Length >= 3))
        {
            return "";
        }

        var top = parts[0][0];
        return parts.All(p => p[0] == top) ? top + "/" : "";
    }

    /// <summary>Files of a folder or a zip, by '/'-separated relative path.</summary>
    private sealed class ImageSource : IDisposable
    {
        private readonly string? folder;
        private readonly ZipArchive? zip;
        private readonly Dictionary<string, ZipArchiveEntry>? entries;

        private ImageSource(string? folder, ZipArchive? zip, IReadOnlyList<string> files, Dictionary<string, ZipArchiveEntry>? entries = null)
        {
            this.folder = folder;
            this.zip = zip;
            this.entries = entries;
            Files = files;
        }

        public IReadOnlyList<string> Files { get; }

        public static ImageSource Open(string path)
        {
            if (Directory.Exists(path))
            {
                var files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Select(f => Path.GetRelativePath(path, f).Replace('\\', '/')).ToArray();
                return new ImageSource(path, null, files);
            }

            if (!File.Exists(path))
            {
                throw new DatasetFormatException($"No image folder or zip at {path}.");
            }

            try
            {
                var zip = ZipFile.OpenRead(path);
                // Some Windows archivers (PowerShell 5's Compress-Archive) separate folders with backslashes inside the zip.
                var entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
                foreach (var entry in zip.Entries)
                {
                    var name = entry.FullName.Replace('\\', '/');
                    if (entry.Length > 0 || !name.EndsWith('/'))
                    {
                        entries.TryAdd(name, entry);
                    }
                }

                return new ImageSource(null, zip, entries.Keys.ToArray(), entries);
            }
            catch (InvalidDataException ex)
            {
                throw new DatasetFormatException($"{path} is neither a folder nor a readable zip file: {ex.Message}", ex);
            }
        }

        public byte[] Read(string file)
        {
            if (folder is not null)
            {
                var path = Path.Combine(folder, file);
                return new FileInfo(path).Length <= MaxFileBytes ? File.ReadAllBytes(path) : throw TooLarge(file);
            }

            try
            {
                var entry = entries![file];
                if (entry.Length > MaxFileBytes)
                {
                    throw TooLarge(file);
                }

                using var stream = entry.Open();
                using var copy = new MemoryStream((int)entry.Length);
                // The declared size may lie (a zip bomb): read no further than the limit.
                var buffer = new byte[81920];
                int read;
                while ((read = stream.Read(buffer)) > 0)
                {
                    if (copy.Length + read > MaxFileBytes)
                    {
                        throw TooLarge(file);
                    }

                    copy.Write(buffer, 0, read);
                }

                return copy.ToArray();
            }
            catch (InvalidDataException ex)
            {
                throw new DatasetFormatException($"{file}: the zip entry cannot be read ({ex.Message}); is the zip truncated?", ex);
            }
        }

        private static DatasetFormatException TooLarge(string file) =>
            new($"{file}: larger than {MaxFileBytes / (1 << 20):N0} MB, more than any image the importer decodes.");

        public void Dispose() => zip?.Dispose();
    }
}
