using System.Runtime.CompilerServices;
using ExplainHub.Shared;

namespace ExplainHub.Client.Tests.Fakes;

/// <summary>
/// An <see cref="IEngine"/> whose answers each test sets, for testing the CLI and the wire without libtorch. Anything a test did not set answers like an engine that has nothing: NotFound.
/// </summary>
internal sealed class FakeEngine : IEngine
{
    private JobInfo? _job;

    public EngineInfo Info { get; set; } = new("0.107.0", "fake", "cpu", false, 1, [ModelKinds.SeedCnn], [ExplanationMethods.Cam]);

    public List<DatasetInfo> Datasets { get; } = [];

    public List<ModelInfo> Models { get; } = [];

    /// <summary>Replaces GetInfoAsync, e.g. to block or to throw.</summary>
    public Func<CancellationToken, Task<EngineInfo>>? OnGetInfo { get; set; }

    public Func<ImagesRequest, ImageBatch>? OnGetImages { get; set; }

    public Func<PredictRequest, PredictionBatch>? OnPredict { get; set; }

    public Func<ExplainRequest, ExplanationBatch>? OnExplain { get; set; }

    public Func<ReportRequest, ClassificationReport>? OnReport { get; set; }

    /// <summary>What WatchJobAsync yields for the started job.</summary>
    public List<TrainingProgress> Progress { get; } = [];

    /// <summary>Throw this after yielding <see cref="Progress"/>, as a job that fails mid-stream.</summary>
    public Exception? WatchError { get; set; }

    /// <summary>Keep the stream open after <see cref="Progress"/> until the job is cancelled.</summary>
    public bool RunUntilCancelled { get; set; }

    public JobState FinalState { get; set; } = JobState.Completed;

    public List<string> CancelledJobs { get; } = [];

    public Task<EngineInfo> GetInfoAsync(CancellationToken cancellationToken = default) =>
        OnGetInfo?.Invoke(cancellationToken) ?? Task.FromResult(Info);

    public Func<DatasetImportRequest, DatasetInfo>? OnImport { get; set; }

    public Task<JobInfo> StartImportAsync(DatasetImportRequest request, CancellationToken cancellationToken = default)
    {
        _job = new JobInfo("job-3", null, JobState.Queued, DateTimeOffset.UnixEpoch, null, null, null, Import: request);
        return Task.FromResult(_job);
    }

    public Task<DatasetInfo> ImportDatasetAsync(DatasetImportRequest request, CancellationToken cancellationToken = default) =>
        Answer(OnImport, request);

    public Task<IReadOnlyList<DatasetInfo>> ListDatasetsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DatasetInfo>>(Datasets.ToArray());

    public Task<ImageBatch> GetImagesAsync(ImagesRequest request, CancellationToken cancellationToken = default) =>
        Answer(OnGetImages, request);

    public async Task<JobInfo> StartTrainingAsync(TrainRequest request, CancellationToken cancellationToken = default)
    {
        _job = new JobInfo("job-1", request, JobState.Queued, DateTimeOffset.UnixEpoch, null, null, null);
        // As a remote engine: the job exists from here on, while its answer is still on its way back.
        await Task.Delay(StartAnswerDelay, cancellationToken);
        return _job;
    }

    /// <summary>What releasing this engine waits for, as an embedded engine waits for work that holds a model.</summary>
    public Task? ReleaseWaitsFor { get; set; }

    /// <summary>How long the answer to a training start takes to arrive after the job was started.</summary>
    public TimeSpan StartAnswerDelay { get; set; }

    public List<CheckpointInfo> Checkpoints { get; } = [];

    public Task<IReadOnlyList<CheckpointInfo>> ListCheckpointsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<CheckpointInfo>>(Checkpoints.ToArray());

    public Task<JobInfo> ResumeTrainingAsync(string checkpointId, CancellationToken cancellationToken = default)
    {
        var checkpoint = Checkpoints.Single(c => c.Id == checkpointId);
        _job = new JobInfo("job-2", checkpoint.Request, JobState.Queued, DateTimeOffset.UnixEpoch, null, null, null);
        return Task.FromResult(_job);
    }

    public List<SweepRequest> StartedSweeps { get; } = [];

    public Func<ModelExportRequest, ModelExportResult>? OnExport { get; set; }

    public Func<ModelImportRequest, ModelInfo>? OnImportModel { get; set; }

    public Task<ModelExportResult> ExportModelAsync(ModelExportRequest request, CancellationToken cancellationToken = default) =>
        Answer(OnExport, request);

    public Task<ModelInfo> ImportModelAsync(ModelImportRequest request, CancellationToken cancellationToken = default) =>
        Answer(OnImportModel, request);

    public Func<string, ModelInfo>? OnDeleteModel { get; set; }

    public Task<ModelInfo> DeleteModelAsync(string modelId, CancellationToken cancellationToken = default) =>
        Answer(OnDeleteModel, modelId);

    public Func<RepresentationRequest, ModelRepresentation>? OnRepresent { get; set; }

    public Task<ModelRepresentation> RepresentAsync(RepresentationRequest request, CancellationToken cancellationToken = default) =>
        Answer(OnRepresent, request);

    public Task<JobInfo> StartSweepAsync(SweepRequest request, CancellationToken cancellationToken = default)
    {
        StartedSweeps.Add(request);
        _job = new JobInfo("job-1", request.Base, JobState.Queued, DateTimeOffset.UnixEpoch, null, null, null, request);
        return Task.FromResult(_job);
    }

    public async IAsyncEnumerable<TrainingProgress> WatchJobAsync(
        string jobId,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var job = Job(jobId);
        foreach (var progress in Progress)
        {
            await Task.Yield();
            yield return progress;
        }

        if (WatchError is { } error)
        {
            throw error;
        }

        if (RunUntilCancelled && !CancelledJobs.Contains(job.Id))
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }

    public Task<JobInfo> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var job = Job(jobId);
        var state = CancelledJobs.Contains(jobId) ? JobState.Cancelled : FinalState;
        return Task.FromResult(job with
        {
            State = state,
            Latest = Progress.LastOrDefault(),
            ModelId = state == JobState.Completed && job.Kind is not (JobKind.Import or JobKind.Evaluation) ? "m-trained" : null,
            EvaluationId = state == JobState.Completed && job.Kind == JobKind.Evaluation ? "eval-1" : null,
            DatasetId = state == JobState.Completed && job.Kind == JobKind.Import ? job.Import!.Id ?? job.Import.Format : null,
            Error = state == JobState.Failed ? "the loss diverged" : null,
        });
    }

    public Task<IReadOnlyList<JobInfo>> ListJobsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<JobInfo>>(_job is null ? [] : [_job]);

    public Task<JobInfo> CancelJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        CancelledJobs.Add(Job(jobId).Id);
        return GetJobAsync(jobId, cancellationToken);
    }

    public Task<IReadOnlyList<ModelInfo>> ListModelsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ModelInfo>>(Models.ToArray());

    public Task<PredictionBatch> PredictAsync(PredictRequest request, CancellationToken cancellationToken = default) =>
        Answer(OnPredict, request);

    public Task<ExplanationBatch> ExplainAsync(ExplainRequest request, CancellationToken cancellationToken = default) =>
        Answer(OnExplain, request);

    public Func<string, IReadOnlyList<MethodAvailability>>? OnGetMethods { get; set; }

    public Task<IReadOnlyList<MethodAvailability>> GetMethodsAsync(string modelId, CancellationToken cancellationToken = default) =>
        Answer(OnGetMethods, modelId);

    public Func<AgreementRequest, AgreementResult>? OnCompare { get; set; }

    public Task<AgreementResult> CompareAsync(AgreementRequest request, CancellationToken cancellationToken = default) =>
        Answer(OnCompare, request);

    public Task<ClassificationReport> ReportAsync(ReportRequest request, CancellationToken cancellationToken = default) =>
        Answer(OnReport, request);

    public List<EvaluationRequest> StartedEvaluations { get; } = [];

    public Task<JobInfo> StartEvaluationAsync(EvaluationRequest request, CancellationToken cancellationToken = default)
    {
        StartedEvaluations.Add(request);
        _job = new JobInfo("job-4", null, JobState.Queued, DateTimeOffset.UnixEpoch, null, null, null, Evaluation: request);
        return Task.FromResult(_job);
    }

    public List<PerturbationRequest> StartedPerturbations { get; } = [];

    public Task<JobInfo> StartPerturbationAsync(PerturbationRequest request, CancellationToken cancellationToken = default)
    {
        StartedPerturbations.Add(request);
        _job = new JobInfo("job-5", null, JobState.Queued, DateTimeOffset.UnixEpoch, null, null, null, Perturbation: request);
        return Task.FromResult(_job);
    }

    public Func<PerturbationImageRequest, PerturbedImage>? OnPerturb { get; set; }

    public Task<PerturbedImage> PerturbAsync(PerturbationImageRequest request, CancellationToken cancellationToken = default) =>
        Answer(OnPerturb, request);

    public Func<string, EvaluationResult>? OnGetEvaluation { get; set; }

    public Task<EvaluationResult> GetEvaluationAsync(string evaluationId, CancellationToken cancellationToken = default) =>
        Answer(OnGetEvaluation, evaluationId);

    public List<EvaluationInfo> Evaluations { get; } = [];

    public Task<IReadOnlyList<EvaluationInfo>> ListEvaluationsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<EvaluationInfo>>(Evaluations);

    private JobInfo Job(string jobId) =>
        _job is { } job && job.Id == jobId ? job : throw new EngineException(EngineErrorKind.NotFound, $"No job '{jobId}'.");

    private static Task<TResult> Answer<TRequest, TResult>(Func<TRequest, TResult>? answer, TRequest request)
    {
        try
        {
            return Task.FromResult(answer is null
                ? throw new EngineException(EngineErrorKind.NotFound, "The fake engine has nothing for this request.")
                : answer(request));
        }
        catch (Exception ex)
        {
            return Task.FromException<TResult>(ex);
        }
    }
}
