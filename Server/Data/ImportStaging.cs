using ExplainHub.Shared;

namespace ExplainHub.Server.Data;

/// <summary>
/// Where uploaded data-set files wait for the engine to import them: a folder per import with a generated name, under
/// the system's temporary folder (never a web root), holding each file under a name this class chooses from what
/// the format expects — a client's file name or path is never used as one. The folder goes when the import ends.
/// </summary>
public sealed class ImportStaging(string root)
{
    /// <summary>The largest upload accepted per file: FER2013's CSV is 300 MB, CIFAR-10's batches 30 MB each.</summary>
    public const long MaxFileBytes = 1L << 30;

    private static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> FileNames = new Dictionary<string, IReadOnlySet<string>>
    {
        [DatasetFormats.Cifar10] = new HashSet<string>(StringComparer.Ordinal)
            { "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin", "batches.meta.txt" },
        [DatasetFormats.Stl10] = new HashSet<string>(StringComparer.Ordinal)
            { "train_X.bin", "train_y.bin", "test_X.bin", "test_y.bin", "class_names.txt" },
    };

    public ImportStaging()
        : this(Path.Combine(Path.GetTempPath(), "explainhub-imports"))
    {
    }

    /// <summary>
    /// Writes the uploaded files for <paramref name="format"/> into a new folder and returns the path the engine
    /// imports from: the CSV itself for FER2013, the zip for an image folder, the folder for CIFAR-10 and STL-10.
    /// </summary>
    /// <exception cref="ArgumentException">A file the format does not take, too many files, or one too large; the message says which.</exception>
    public async Task<StagedImport> StageAsync(string format, IReadOnlyList<(string Name, long Size, Func<Stream> Open)> files, CancellationToken cancellationToken)
    {
        if (!DatasetFormats.All.Contains(format))
        {
            throw new ArgumentException($"Unknown format '{format}'; known: {string.Join(", ", DatasetFormats.All)}.");
        }

        if (files.Count == 0)
        {
            throw new ArgumentException("Choose the file(s) to import.");
        }

        if (files.FirstOrDefault(f => f.Size > MaxFileBytes) is { Name: { } large })
        {
            throw new ArgumentException($"'{Path.GetFileName(large)}' is larger than {MaxFileBytes >> 30} GB.");
        }

        var targets = files.Select(f => (File: f, Name: TargetName(format, f.Name, files.Count))).ToArray();
        var folder = Directory.CreateDirectory(Path.Combine(root, Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            foreach (var (file, name) in targets)
            {
                await using var source = file.Open();
                await using var target = new FileStream(Path.Combine(folder, name), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                await source.CopyToAsync(target, cancellationToken);
            }
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }

        var path = format is DatasetFormats.Cifar10 or DatasetFormats.Stl10 ? folder : Path.Combine(folder, targets[0].Name);
        return new StagedImport(folder, path);
    }

    private static string TargetName(string format, string clientName, int count)
    {
        var name = Path.GetFileName(clientName.Replace('\\', '/'));
        switch (format)
        {
            case DatasetFormats.Fer2013 when count == 1:
                return "fer2013.csv";
            case DatasetFormats.ImageFolder when count == 1:
                return name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)
                    ? "images.zip"
                    : throw new ArgumentException($"An image folder is uploaded as one zip (a sub-folder per class), not '{name}'.");
            case DatasetFormats.Cifar10 or DatasetFormats.Stl10:
                return FileNames[format].Contains(name)
                    ? name
                    : throw new ArgumentException($"{format} takes {string.Join(", ", FileNames[format])}; '{name}' is not one of them.");
            default:
                throw new ArgumentException($"{format} is uploaded as one file, not {count}.");
        }
    }
}

/// <summary>An upload on disk: its folder (deleted after the import) and the path the engine imports.</summary>
public sealed record StagedImport(string Folder, string Path) : IDisposable
{
    public void Dispose()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
