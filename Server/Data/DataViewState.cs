using System.Globalization;
using ExplainHub.Engine.Imaging;
using ExplainHub.Server.Imaging;
using ExplainHub.Server.Training;
using ExplainHub.Shared;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExplainHub.Server.Data;

/// <summary>One image of the data page's grid: its index in the split, its true class and a PNG of it.</summary>
public sealed record DatasetTile(int Index, int Label, string ImageUrl);

/// <summary>
/// Everything the Data page does, without Blazor: the data sets the engine has (shape, classes, counts per split), a
/// page of one split's images with their true class — all classes or one — and importing a data set from uploaded
/// files as an engine job with progress and cancel. Uploads wait in <see cref="ImportStaging"/> and are deleted when
/// the import ends, whatever its end.
/// </summary>
public sealed class DataViewState : IAsyncDisposable
{
    public const int PageSize = 48;

    /// <summary>Images read per request while looking for one class's images.</summary>
    public const int ScanChunk = 1000;

    private readonly IEngine _engine;
    private readonly ImportStaging _staging;
    private readonly bool _engineReadsOurFiles;
    private readonly IViewHost _host;
    private readonly ILogger _logger;
    private readonly Stack<int> _previousStarts = new();
    private readonly FollowedJob _import;
    private StagedImport? _staged;
    // Set from the moment an upload starts until its import job is followed (or it failed): the page takes no second
    // upload meanwhile, and Cancel stops the upload itself.
    private CancellationTokenSource? _uploading;
    private string? _stagedFolder;

    public DataViewState(IEngine engine, ImportStaging staging, bool engineReadsOurFiles, IViewHost host, ILogger<DataViewState>? logger = null)
    {
        _engine = engine;
        _staging = staging;
        _engineReadsOurFiles = engineReadsOurFiles;
        _host = host;
        _logger = logger ?? NullLogger<DataViewState>.Instance;
        _import = new FollowedJob(engine, host);
    }

    public IReadOnlyList<DatasetInfo> Datasets { get; private set; } = [];

    public DatasetInfo? Dataset { get; private set; }

    public DatasetSplit Split { get; private set; } = DatasetSplit.Test;

    /// <summary>Only images of this class; null: all.</summary>
    public int? ClassFilter { get; private set; }

    public IReadOnlyList<DatasetTile> Tiles { get; private set; } = [];

    public int PageStart { get; private set; }

    /// <summary>Where the next page starts; null at the end of the split.</summary>
    public int? NextStart { get; private set; }

    public bool HasPrevious => _previousStarts.Count > 0;

    public string ImportFormat { get; set; } = DatasetFormats.ImageFolder;

    public string? ImportId { get; set; }

    public int? ImportSize { get; set; }

    public bool ImportGrey { get; set; }

    /// <summary>Replace a data set already imported under the id (refused by the engine otherwise).</summary>
    public bool ImportReplace { get; set; }

    public JobInfo? ImportJob => _import.Job;

    public TrainingProgress? ImportProgress => _import.Latest;

    /// <summary>Uploading (staged, no job yet) or importing.</summary>
    public bool IsImporting => _uploading is not null || _import.IsActive || _staged is not null;

    public double ImportFraction => _import.Fraction;

    public string? Error { get; private set; }

    public string? ImportError { get; private set; }

    public string? Message { get; private set; }

    public IReadOnlyList<string> ClassNames => Dataset?.ClassNames ?? [];

    public int SplitCount => Dataset is not { } d ? 0 : Split switch
    {
        DatasetSplit.Train => d.TrainCount,
        DatasetSplit.Validation => d.ValidationCount,
        _ => d.TestCount,
    };

    public async Task InitializeAsync(string? preferredDatasetId = null)
    {
        try
        {
            Datasets = await _engine.ListDatasetsAsync();
            if (Datasets.Count > 0)
            {
                await SelectDatasetAsync(Datasets.FirstOrDefault(d => d.Id == preferredDatasetId)?.Id ?? Datasets[0].Id);
            }
        }
        catch (EngineException e)
        {
            Error = e.Message;
        }
    }

    public async Task SelectDatasetAsync(string datasetId)
    {
        Dataset = Datasets.FirstOrDefault(d => d.Id == datasetId);
        ClassFilter = null;
        Split = Dataset is { TestCount: 0 } ? DatasetSplit.Train : DatasetSplit.Test;
        await FirstPageAsync();
    }

    public Task SelectSplitAsync(DatasetSplit split)
    {
        Split = split;
        return FirstPageAsync();
    }

    public Task SelectClassAsync(int? classIndex)
    {
        ClassFilter = classIndex is { } c && c >= 0 && c < ClassNames.Count ? c : null;
        return FirstPageAsync();
    }

    public async Task NextPageAsync()
    {
        if (NextStart is { } next)
        {
            _previousStarts.Push(PageStart);
            await LoadPageAsync(next);
        }
    }

    public async Task PreviousPageAsync()
    {
        if (_previousStarts.TryPop(out var start))
        {
            await LoadPageAsync(start);
        }
    }

    private Task FirstPageAsync()
    {
        _previousStarts.Clear();
        return LoadPageAsync(0);
    }

    // A page of the split from start on: every image, or, with a class chosen, the next ones of that class found by
    // reading the split a chunk at a time (the engine stores no index of labels).
    private async Task LoadPageAsync(int start)
    {
        if (Dataset is not { } dataset)
        {
            Tiles = [];
            return;
        }

        try
        {
            var tiles = new List<DatasetTile>(PageSize);
            var position = start;
            var count = SplitCount;
            while (tiles.Count < PageSize && position < count)
            {
                var take = ClassFilter is null ? Math.Min(PageSize, count - position) : Math.Min(ScanChunk, count - position);
                var batch = await _engine.GetImagesAsync(new ImagesRequest(dataset.Id, Split, [.. Enumerable.Range(position, take)]));
                for (var i = 0; i < batch.Count && tiles.Count < PageSize; i++)
                {
                    position = batch.Indices[i] + 1;
                    if (ClassFilter is { } c && batch.Labels[i] != c)
                    {
                        continue;
                    }

                    tiles.Add(new DatasetTile(batch.Indices[i], batch.Labels[i], ImagePicture.DataUrl(batch, i, 64)));
                }

                if (batch.Count < take)
                {
                    break;
                }
            }

            PageStart = start;
            Tiles = tiles;
            NextStart = position < count ? position : null;
            Error = null;
        }
        catch (EngineException e)
        {
            Error = e.Message;
        }
    }

    /// <summary>
    /// Stages the uploaded files and starts the engine's import job; its progress, end and any refusal (a malformed
    /// file, named with its line or offset) show on the page.
    /// </summary>
    public async Task ImportAsync(IReadOnlyList<(string Name, long Size, Func<Stream> Open)> files)
    {
        if (IsImporting)
        {
            // A second pick while the first upload or import runs would orphan one of the two (and race it).
            ImportError = "An import is under way: wait for it to end, or cancel it.";
            return;
        }

        ImportError = null;
        Message = null;
        if (!_engineReadsOurFiles)
        {
            ImportError = "This app uses a remote engine, which cannot read files uploaded here. Import on the engine's machine: "
                + "./explainhub --engine URL import --format FORMAT --path PATH.";
            return;
        }

        if (ImportSize is { } size && (size < 8 || size > 512))
        {
            ImportError = $"Images are resized to 8 to 512 pixels, not {size}.";
            return;
        }

        using var uploading = _uploading = new CancellationTokenSource();
        try
        {
            _host.Changed();
            _staged = await _staging.StageAsync(ImportFormat, files, uploading.Token);
            _stagedFolder = _staged.Folder;
            _host.Changed();
            var request = new DatasetImportRequest(ImportFormat, _staged.Path, string.IsNullOrWhiteSpace(ImportId) ? null : ImportId.Trim(),
                Size: ImportFormat == DatasetFormats.ImageFolder ? ImportSize : null, Grey: ImportFormat == DatasetFormats.ImageFolder && ImportGrey,
                Replace: ImportReplace);
            if (request.Id is null && ImportFormat == DatasetFormats.ImageFolder)
            {
                // The staged zip is called images.zip; name the data set after what was uploaded instead.
                request = request with { Id = DatasetIdFrom(files[0].Name) };
            }

            Follow(await _engine.StartImportAsync(request));
            if (uploading.IsCancellationRequested)
            {
                // Cancel came as the job was being started: it is the job's to stop now.
                ImportError = await _import.CancelAsync() ?? ImportError;
            }
        }
        catch (ArgumentException e)
        {
            ImportError = e.Message;
            EndStaging();
        }
        catch (EngineException e)
        {
            ImportError = Scrub(e.Message);
            EndStaging();
        }
        catch (IOException e)
        {
            _logger.LogWarning(e, "An upload could not be staged");
            ImportError = "The upload could not be saved on the server: " + e.Message;
            EndStaging();
        }
        catch (OperationCanceledException) when (uploading.IsCancellationRequested)
        {
            Message = "The upload was cancelled; nothing was kept.";
            EndStaging();
        }
        finally
        {
            _uploading = null;
        }
    }

    public async Task CancelImportAsync()
    {
        if (_uploading is { } uploading && !_import.IsActive)
        {
            await uploading.CancelAsync();
            return;
        }

        ImportError = await _import.CancelAsync() ?? ImportError;
    }

    private void Follow(JobInfo job) => _import.Follow(job,
        async finished =>
        {
            EndStaging();
            switch (finished.State)
            {
                case JobState.Completed:
                    Datasets = await _engine.ListDatasetsAsync();
                    if (finished.DatasetId is { } id)
                    {
                        await SelectDatasetAsync(id);
                        Message = $"Imported '{Dataset?.Name ?? id}': {Dataset?.TrainCount:N0} train and {Dataset?.TestCount:N0} test images.";
                    }

                    break;
                case JobState.Failed:
                    ImportError = $"The import failed: {Scrub(finished.Error) ?? "no reason given"}";
                    break;
                case JobState.Cancelled:
                    Message = "The import was cancelled; nothing was kept.";
                    break;
            }
        },
        e =>
        {
            ImportError = Scrub(e.Message);
            EndStaging();
        });

    // The engine names the files it read; the browser sees the upload's own name for them, not the server's folder.
    private string? Scrub(string? message) =>
        message is null || _stagedFolder is null ? message : message.Replace(_stagedFolder + Path.DirectorySeparatorChar, "", StringComparison.Ordinal).Replace(_stagedFolder, "the upload", StringComparison.Ordinal);

    private void EndStaging()
    {
        try
        {
            _staged?.Dispose();
        }
        catch (IOException e)
        {
            _logger.LogWarning(e, "A staged upload could not be deleted");
        }

        _staged = null;
    }

    // The engine's own rule for an image folder's id from its name (the staged file is always images.zip).
    private static string DatasetIdFrom(string fileName) =>
        ExplainHub.Engine.Data.Import.DatasetIds.For(new DatasetImportRequest(DatasetFormats.ImageFolder, Path.GetFileName(fileName.Replace('\\', '/'))));

    public string ClassName(int index) => CamGrid.ClassName(ClassNames, index);

    public static string Shape(DatasetInfo d) => string.Create(CultureInfo.InvariantCulture, $"{d.Width}×{d.Height}{(d.Channels == 3 ? " RGB" : " grey")}");

    public ValueTask DisposeAsync()
    {
        // An upload still on its way when the page goes has nobody to import it for.
        _uploading?.Cancel();
        _import.Dispose();
        if (_import.Job is { } job && _staged is { } staged)
        {
            // The engine reads the upload until its job ends, which may be long after this page is gone (and nothing
            // else would ever delete the folder): it goes when the job ends.
            _staged = null;
            _ = DeleteWhenEndedAsync(staged, job.Id);
        }

        return ValueTask.CompletedTask;
    }

    private async Task DeleteWhenEndedAsync(StagedImport staged, string jobId)
    {
        try
        {
            await foreach (var _ in ReconnectingJobWatch.WatchAsync(_engine, jobId))
            {
                // Only its end matters.
            }
        }
        catch (Exception e) when (e is EngineException or OperationCanceledException)
        {
            _logger.LogInformation("The import job {Job} could not be watched to its end ({Message}); its upload is deleted now", jobId, e.Message);
        }

        try
        {
            staged.Dispose();
        }
        catch (IOException e)
        {
            _logger.LogWarning(e, "A staged upload could not be deleted");
        }
    }
}
