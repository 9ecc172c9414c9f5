using System.Runtime.CompilerServices;
using ExplainHub.Shared;

namespace ExplainHub.Client.Remote;

/// <summary>
/// A <see cref="RemoteEngine"/> that connects on first use, so that an application starts (and serves its pages)
/// while the engine host is still coming up. A failed connection is retried by the next call.
/// </summary>
internal sealed class LazyRemoteEngine(Uri url, RemoteEngineOptions options) : IEngine, IAsyncDisposable, IDisposable
{
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private volatile RemoteEngine? _engine;
    private bool _disposed;

    public Uri Url { get; } = EngineUrl.ToHubUri(url);

    public async Task<EngineInfo> GetInfoAsync(CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).GetInfoAsync(cancellationToken).ConfigureAwait(false);

    public async Task<DatasetInfo> ImportDatasetAsync(DatasetImportRequest request, CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).ImportDatasetAsync(request, cancellationToken).ConfigureAwait(false);

    public async Task<JobInfo> StartImportAsync(DatasetImportRequest request, CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).StartImportAsync(request, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<DatasetInfo>> ListDatasetsAsync(CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).ListDatasetsAsync(cancellationToken).ConfigureAwait(false);

    public async Task<ImageBatch> GetImagesAsync(ImagesRequest request, CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).GetImagesAsync(request, cancellationToken).ConfigureAwait(false);

    public async Task<ModelExportResult> ExportModelAsync(ModelExportRequest request, CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).ExportModelAsync(request, cancellationToken).ConfigureAwait(false);

    public async Task<ModelInfo> ImportModelAsync(ModelImportRequest request, CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).ImportModelAsync(request, cancellationToken).ConfigureAwait(false);

    public async Task<ModelInfo> DeleteModelAsync(string modelId, CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).DeleteModelAsync(modelId, cancellationToken).ConfigureAwait(false);

    public async Task<ModelRepresentation> RepresentAsync(RepresentationRequest request, CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).RepresentAsync(request, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<CheckpointInfo>> ListCheckpointsAsync(CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).ListCheckpointsAsync(cancellationToken).ConfigureAwait(false);

    public async Task<JobInfo> ResumeTrainingAsync(string checkpointId, CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).ResumeTrainingAsync(checkpointId, cancellationToken).ConfigureAwait(false);

    public async Task<JobInfo> StartSweepAsync(SweepRequest request, CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).StartSweepAsync(request, cancellationToken).ConfigureAwait(false);

    public async Task<JobInfo> StartTrainingAsync(TrainRequest request, CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).StartTrainingAsync(request, cancellationToken).ConfigureAwait(false);

    public async IAsyncEnumerable<TrainingProgress> WatchJobAsync(
        string jobId,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var engine = await GetAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var progress in engine.WatchJobAsync(jobId, cancellationToken).ConfigureAwait(false))
        {
            yield return progress;
        }
    }

    public async Task<JobInfo> GetJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).GetJobAsync(jobId, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<JobInfo>> ListJobsAsync(CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).ListJobsAsync(cancellationToken).ConfigureAwait(false);

    public async Task<JobInfo> CancelJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).CancelJobAsync(jobId, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<ModelInfo>> ListModelsAsync(CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).ListModelsAsync(cancellationToken).ConfigureAwait(false);

    public async Task<PredictionBatch> PredictAsync(PredictRequest request, CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).PredictAsync(request, cancellationToken).ConfigureAwait(false);

    public async Task<ExplanationBatch> ExplainAsync(ExplainRequest request, CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).ExplainAsync(request, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<MethodAvailability>> GetMethodsAsync(string modelId, CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).GetMethodsAsync(modelId, cancellationToken).ConfigureAwait(false);

    public async Task<AgreementResult> CompareAsync(AgreementRequest request, CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).CompareAsync(request, cancellationToken).ConfigureAwait(false);

    public async Task<ClassificationReport> ReportAsync(ReportRequest request, CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).ReportAsync(request, cancellationToken).ConfigureAwait(false);

    public async Task<JobInfo> StartPerturbationAsync(PerturbationRequest request, CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).StartPerturbationAsync(request, cancellationToken).ConfigureAwait(false);

    public async Task<PerturbedImage> PerturbAsync(PerturbationImageRequest request, CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).PerturbAsync(request, cancellationToken).ConfigureAwait(false);

    public async Task<JobInfo> StartEvaluationAsync(EvaluationRequest request, CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).StartEvaluationAsync(request, cancellationToken).ConfigureAwait(false);

    public async Task<EvaluationResult> GetEvaluationAsync(string evaluationId, CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).GetEvaluationAsync(evaluationId, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<EvaluationInfo>> ListEvaluationsAsync(CancellationToken cancellationToken = default) =>
        await (await GetAsync(cancellationToken).ConfigureAwait(false)).ListEvaluationsAsync(cancellationToken).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        await _connecting.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_engine is { } engine)
            {
                await engine.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _connecting.Release();
        }
    }

    /// <summary>For containers disposed synchronously; closing the connection is bounded by its close timeout.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async ValueTask<RemoteEngine> GetAsync(CancellationToken cancellationToken)
    {
        if (_engine is { } connected)
        {
            return connected;
        }

        await _connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _engine ??= await RemoteEngine.ConnectAsync(Url, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _connecting.Release();
        }
    }
}
