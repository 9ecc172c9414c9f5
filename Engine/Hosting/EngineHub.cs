using System.Runtime.CompilerServices;
using ExplainHub.Shared;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ExplainHub.Engine.Hosting;

/// <summary>
/// The engine's <see cref="IEngine"/> served over SignalR, one hub method per engine method (named without the
/// Async suffix). Errors are translated by <see cref="EngineHubErrorFilter"/>; the Client's RemoteEngine is the
/// other half of this contract. Job changes reach every connected client through <see cref="EngineJobBroadcaster"/>.
/// Paths a caller names are confined to <see cref="EngineOptions.HubFileRoots"/> (<see cref="HubPaths"/>).
/// </summary>
public sealed class EngineHub(IEngine engine, IOptions<EngineOptions> options, ILogger<EngineHub> logger) : Hub<IEngineEvents>
{
    private IList<string> Roots => options.Value.HubFileRoots;

    public Task<EngineInfo> GetInfo() => engine.GetInfoAsync(Context.ConnectionAborted);

    public Task<IReadOnlyList<DatasetInfo>> ListDatasets() => engine.ListDatasetsAsync(Context.ConnectionAborted);

    public Task<DatasetInfo> ImportDataset(DatasetImportRequest request) =>
        engine.ImportDatasetAsync(request with { Path = HubPaths.Confine(request.Path, Roots, "Import") }, Context.ConnectionAborted);

    public Task<JobInfo> StartImport(DatasetImportRequest request) =>
        engine.StartImportAsync(request with { Path = HubPaths.Confine(request.Path, Roots, "Import") }, CancellationToken.None);

    public Task<ImageBatch> GetImages(ImagesRequest request) => engine.GetImagesAsync(request, Context.ConnectionAborted);

    // Not ConnectionAborted: the job belongs to the engine, not to the connection that queued it.
    public Task<JobInfo> StartTraining(TrainRequest request) => engine.StartTrainingAsync(request, CancellationToken.None);

    public Task<ModelExportResult> ExportModel(ModelExportRequest request) =>
        engine.ExportModelAsync(request with { Directory = HubPaths.Confine(request.Directory, Roots, "Export") }, CancellationToken.None);

    public Task<ModelInfo> ImportModel(ModelImportRequest request) =>
        engine.ImportModelAsync(request with { Directory = HubPaths.Confine(request.Directory, Roots, "Model import") }, CancellationToken.None);

    public Task<ModelInfo> DeleteModel(string modelId) => engine.DeleteModelAsync(modelId, CancellationToken.None);

    public Task<ModelRepresentation> Represent(RepresentationRequest request) => engine.RepresentAsync(request, CancellationToken.None);

    public Task<IReadOnlyList<CheckpointInfo>> ListCheckpoints() => engine.ListCheckpointsAsync(Context.ConnectionAborted);

    public Task<JobInfo> ResumeTraining(string checkpointId) => engine.ResumeTrainingAsync(checkpointId, CancellationToken.None);

    public Task<JobInfo> StartSweep(SweepRequest request) => engine.StartSweepAsync(request, CancellationToken.None);

    /// <summary>
    /// Streams a job's progress. Enumeration happens after hub filters have returned, so engine errors raised
    /// while streaming are translated here rather than by <see cref="EngineHubErrorFilter"/>.
    /// </summary>
    public async IAsyncEnumerable<TrainingProgress> WatchJob(
        string jobId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var progress = engine.WatchJobAsync(jobId, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await progress.MoveNextAsync();
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    throw EngineHubErrorFilter.ToHubException(ex, nameof(WatchJob), logger);
                }

                if (!more)
                {
                    yield break;
                }

                yield return progress.Current;
            }
        }
        finally
        {
            await progress.DisposeAsync();
        }
    }

    public Task<JobInfo> GetJob(string jobId) => engine.GetJobAsync(jobId, Context.ConnectionAborted);

    public Task<IReadOnlyList<JobInfo>> ListJobs() => engine.ListJobsAsync(Context.ConnectionAborted);

    public Task<JobInfo> CancelJob(string jobId) => engine.CancelJobAsync(jobId, CancellationToken.None);

    public Task<IReadOnlyList<ModelInfo>> ListModels() => engine.ListModelsAsync(Context.ConnectionAborted);

    public Task<PredictionBatch> Predict(PredictRequest request) => engine.PredictAsync(request, Context.ConnectionAborted);

    public Task<ExplanationBatch> Explain(ExplainRequest request) => engine.ExplainAsync(request, Context.ConnectionAborted);

    public Task<IReadOnlyList<MethodAvailability>> GetMethods(string modelId) => engine.GetMethodsAsync(modelId, Context.ConnectionAborted);

    public Task<AgreementResult> Compare(AgreementRequest request) => engine.CompareAsync(request, Context.ConnectionAborted);

    public Task<ClassificationReport> Report(ReportRequest request) => engine.ReportAsync(request, Context.ConnectionAborted);

    public Task<JobInfo> StartEvaluation(EvaluationRequest request) => engine.StartEvaluationAsync(request, Context.ConnectionAborted);

    public Task<JobInfo> StartPerturbation(PerturbationRequest request) => engine.StartPerturbationAsync(request, CancellationToken.None);

    public Task<PerturbedImage> Perturb(PerturbationImageRequest request) => engine.PerturbAsync(request, Context.ConnectionAborted);

    public Task<EvaluationResult> GetEvaluation(string evaluationId) => engine.GetEvaluationAsync(evaluationId, Context.ConnectionAborted);

    public Task<IReadOnlyList<EvaluationInfo>> ListEvaluations() => engine.ListEvaluationsAsync(Context.ConnectionAborted);
}
