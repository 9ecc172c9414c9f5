using ExplainHub.Engine.Hosting;
using ExplainHub.Engine.Data;
using ExplainHub.Engine.Storage;
using ExplainHub.Engine.Explain;
using ExplainHub.Engine.Jobs;
using ExplainHub.Engine.Models;
using ExplainHub.Engine.Models.Classical;
using ExplainHub.Engine.Native.XGBoost;
using ExplainHub.Engine.Networks;
using ExplainHub.Engine.Scores;
using ExplainHub.Engine.Services;
using ExplainHub.Shared;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExplainHub.Engine;

/// <summary>
/// The engine in this process behind <see cref="IEngine"/>: a facade that routes each call to the service of its
/// capability (data sets, training, jobs, models, explanations) and guards it, so every failure leaves as an
/// <see cref="EngineException"/>. A singleton: it owns the models and the job runner. A new capability is a new
/// service, not new lines here.
/// </summary>
public sealed class EmbeddedEngine : IEngine, IDisposable
{
    public const int MaxImagesPerRequest = ImageSelection.MaxImagesPerRequest;

    private readonly DatasetCatalog datasets;
    private readonly ModelStore models;
    private readonly JobRunner jobs;
    private readonly TorchRuntimeService runtime;
    private readonly DatasetService datasetService;
    private readonly TrainingService training;
    private readonly JobService jobService;
    private readonly ModelService modelService;
    private readonly ExplanationService explanations;
    private readonly EvaluationService evaluations;
    private readonly PerturbationService perturbations;

    public EmbeddedEngine(EngineOptions options, ILogger<EmbeddedEngine>? logger = null)
    {
        var abandoned = StaleTemporaries.Remove(options.ResolveDataDirectory(), DateTime.UtcNow - StaleTemporaries.Age);
        if (abandoned.Count > 0)
        {
            logger?.LogInformation("Removed {Count} temporaries that interrupted writes left: {Files}", abandoned.Count, string.Join(", ", abandoned));
        }

        datasets = new DatasetCatalog(options);
        models = new ModelStore(options.ResolveDataDirectory(), logger);
        jobs = new JobRunner(logger ?? (ILogger)NullLogger.Instance);
        jobs.JobChanged += info => JobChanged?.Invoke(info);
        runtime = new TorchRuntimeService(options);
        datasetService = new DatasetService(datasets, jobs, runtime);
        training = new TrainingService(options, datasets, models, jobs, runtime);
        jobService = new JobService(jobs);
        modelService = new ModelService(models, datasets, runtime, jobs);
        explanations = new ExplanationService(models, datasets, ImportanceFunctions.All);
        evaluations = new EvaluationService(models, datasets, ImportanceFunctions.All, jobs, new EvaluationStore(options.ResolveDataDirectory()), runtime);
        perturbations = new PerturbationService(options, datasets, models, jobs, runtime);
    }

    /// <summary>Job state changes (queued, running, each epoch, finished), for hub broadcasts.</summary>
    public event Action<JobInfo>? JobChanged;

    public DatasetCatalog Datasets => datasets;

    public void RegisterDataset(IDataset dataset) => datasets.Register(dataset);

    public Task<EngineInfo> GetInfoAsync(CancellationToken cancellationToken = default) => Guard(() =>
    {
        var r = runtime.Started;
        return new EngineInfo(r.TorchSharpVersion, r.TorchVersion, r.Device, r.CudaAvailable, r.Threads,
            [.. ModelKinds.Networks, .. ClassicalFamilies.All.Select(f => f.Kind)], explanations.Methods, MallocArenas.Describe(),
            NnpackConvolution.Describe());
    }, cancellationToken);

    public Task<DatasetInfo> ImportDatasetAsync(DatasetImportRequest request, CancellationToken cancellationToken = default) =>
        Guard(() => datasetService.Import(request, cancellationToken), cancellationToken);

    public Task<JobInfo> StartImportAsync(DatasetImportRequest request, CancellationToken cancellationToken = default) =>
        Guard(() => datasetService.StartImport(request), cancellationToken);

    public Task<IReadOnlyList<DatasetInfo>> ListDatasetsAsync(CancellationToken cancellationToken = default) =>
        Guard(datasetService.List, cancellationToken);

    public Task<ImageBatch> GetImagesAsync(ImagesRequest request, CancellationToken cancellationToken = default) =>
        Guard(() => datasetService.Images(request), cancellationToken);

    public Task<JobInfo> StartTrainingAsync(TrainRequest request, CancellationToken cancellationToken = default) =>
        Guard(() => training.Start(request), cancellationToken);

    public Task<JobInfo> StartSweepAsync(SweepRequest request, CancellationToken cancellationToken = default) =>
        Guard(() => training.StartSweep(request), cancellationToken);

    public Task<IReadOnlyList<CheckpointInfo>> ListCheckpointsAsync(CancellationToken cancellationToken = default) =>
        Guard(training.ListCheckpoints, cancellationToken);

    public Task<JobInfo> ResumeTrainingAsync(string checkpointId, CancellationToken cancellationToken = default) =>
        Guard(() => perturbations.IsCheckpoint(checkpointId) ? perturbations.Resume(checkpointId) : training.Resume(checkpointId), cancellationToken);

    public IAsyncEnumerable<TrainingProgress> WatchJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        jobService.WatchAsync(jobId, cancellationToken);

    public Task<JobInfo> GetJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        Guard(() => jobService.Get(jobId), cancellationToken);

    public Task<IReadOnlyList<JobInfo>> ListJobsAsync(CancellationToken cancellationToken = default) => Guard(jobService.List, cancellationToken);

    public Task<JobInfo> CancelJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        Guard(() => jobService.Cancel(jobId), cancellationToken);

    public Task<IReadOnlyList<ModelInfo>> ListModelsAsync(CancellationToken cancellationToken = default) => Guard(modelService.List, cancellationToken);

    public Task<PredictionBatch> PredictAsync(PredictRequest request, CancellationToken cancellationToken = default) =>
        Abandonable(() => modelService.Predict(request), cancellationToken);

    public Task<ClassificationReport> ReportAsync(ReportRequest request, CancellationToken cancellationToken = default) =>
        Guard(() => modelService.Report(request, cancellationToken), cancellationToken);

    public Task<ModelExportResult> ExportModelAsync(ModelExportRequest request, CancellationToken cancellationToken = default) =>
        Guard(() => modelService.Export(request), cancellationToken);

    public Task<ModelInfo> ImportModelAsync(ModelImportRequest request, CancellationToken cancellationToken = default) =>
        Guard(() => modelService.Import(request), cancellationToken);

    public Task<ModelInfo> DeleteModelAsync(string modelId, CancellationToken cancellationToken = default) =>
        Guard(() => modelService.Delete(modelId), cancellationToken);

    public Task<ModelRepresentation> RepresentAsync(RepresentationRequest request, CancellationToken cancellationToken = default) =>
        Abandonable(() => modelService.Represent(request), cancellationToken);

    public Task<ExplanationBatch> ExplainAsync(ExplainRequest request, CancellationToken cancellationToken = default) =>
        Abandonable(() => explanations.Explain(request, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<MethodAvailability>> GetMethodsAsync(string modelId, CancellationToken cancellationToken = default) =>
        Guard(() => explanations.Availability(modelId), cancellationToken);

    public Task<AgreementResult> CompareAsync(AgreementRequest request, CancellationToken cancellationToken = default) =>
        Abandonable(() => explanations.Compare(request, cancellationToken), cancellationToken);

    public Task<JobInfo> StartPerturbationAsync(PerturbationRequest request, CancellationToken cancellationToken = default) =>
        Guard(() => perturbations.Start(request), cancellationToken);

    public Task<PerturbedImage> PerturbAsync(PerturbationImageRequest request, CancellationToken cancellationToken = default) =>
        Abandonable(() => perturbations.Perturb(request), cancellationToken);

    public Task<JobInfo> StartEvaluationAsync(EvaluationRequest request, CancellationToken cancellationToken = default) =>
        Guard(() => evaluations.Start(request), cancellationToken);

    public Task<EvaluationResult> GetEvaluationAsync(string evaluationId, CancellationToken cancellationToken = default) =>
        Guard(() => evaluations.Get(evaluationId), cancellationToken);

    public Task<IReadOnlyList<EvaluationInfo>> ListEvaluationsAsync(CancellationToken cancellationToken = default) =>
        Guard(evaluations.List, cancellationToken);

    public void Dispose()
    {
        jobs.Dispose();
        models.Dispose();
    }

    // Work that changes nothing, so a caller who cancels (Ctrl+C, a page left) need not wait for it: the call ends
    // Canceled at once. The work itself stops where it checks the token: a comparison before each explainer, occlusion
    // before each batch of copies (ImportanceInput.Cancellation); the other importance functions (milliseconds an
    // image), a representation or a prediction run out with nobody to tell. Calls that change something (a job
    // started, a model written) are not abandoned: a caller would not know whether they happened.
    private Task<T> Abandonable<T>(Func<T> action, CancellationToken cancellationToken) =>
        Guard(action, cancellationToken).WaitAsync(cancellationToken);

    // A call cancelled before it starts does nothing; once started, it runs to its end (see Abandonable).
    private Task<T> Guard<T>(Func<T> action, CancellationToken notStartedAfter) => Task.Run(() =>
    {
        try
        {
            return action();
        }
        catch (NetworkException ex)
        {
            throw new EngineException(ex.Kind == NetworkErrorKind.InvalidArgument ? EngineErrorKind.InvalidRequest : EngineErrorKind.Native, ex.Message, ex);
        }
        catch (XGBoostException ex)
        {
            throw new EngineException(EngineErrorKind.Native, ex.Message, ex);
        }
        catch (DllNotFoundException ex)
        {
            throw new EngineException(EngineErrorKind.Unavailable, ex.Message, ex);
        }
    }, notStartedAfter);
}
