using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ExplainHub.Shared;

namespace ExplainHub.Server.Tests.Fakes;

/// <summary>
/// An in-memory <see cref="IEngine"/> for view-state tests: jobs are driven by the test through <see cref="FakeJob"/>,
/// or run on their own when <see cref="SimulatedBatchDelay"/> is set. Explanations are deterministic: image i has a
/// heat map rising left to right and probability <see cref="ProbabilityOf"/>(i).
/// </summary>
public sealed class FakeEngine : IEngine
{
    public static readonly IReadOnlyList<string> ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    private readonly ConcurrentDictionary<string, FakeJob> _jobs = new();
    private readonly List<ModelInfo> _models = [];
    private int _nextJob;

    public DatasetInfo Dataset { get; set; } = new("fashion-mnist", "Fashion-MNIST", 1, 28, 28, ClassNames, 60_000, 10_000);

    /// <summary>When set, every started job reports batches on its own at this pace and completes.</summary>
    public TimeSpan? SimulatedBatchDelay { get; set; }

    public int SimulatedBatchesPerEpoch { get; set; } = 20;

    public Func<Exception>? FailStart { get; set; }

    public Func<Exception>? FailExplain { get; set; }

    public Func<Exception>? FailCancel { get; set; }

    public Func<Exception>? FailListJobs { get; set; }

    public List<TrainRequest> StartedRequests { get; } = [];

    public List<ExplainRequest> ExplainRequests { get; } = [];

    public IReadOnlyCollection<FakeJob> Jobs => _jobs.Values.ToArray();

    public FakeJob Job(string id) => _jobs[id];

    public static float ProbabilityOf(int index) => index % 2 == 0 ? 0.99f : 0.6f;

    /// <summary>Any model as given (a classical kind, a combined model with its facts).</summary>
    public ModelInfo AddModel(ModelInfo model)
    {
        lock (_models)
        {
            _models.Add(model);
        }

        return model;
    }

    public ModelInfo AddModel(string id, DateTimeOffset? created = null)
    {
        var model = new ModelInfo(id, $"model {id}", ModelKinds.SeedCnn, Dataset.Id, ClassNames, 0.9, 17_000, created ?? DateTimeOffset.UtcNow,
            WeightsHash: WeightsHashOf(id, 1));
        lock (_models)
        {
            _models.Add(model);
        }

        return model;
    }

    public static readonly MethodInfo Cam = new(ExplanationMethods.Cam, "CAM", "Zhou et al. 2016", "a GAP head", []);

    public static readonly MethodInfo Occlusion = new(ExplanationMethods.Occlusion, "Occlusion", "seed 002 eq. 1", "only predictions", []);

    /// <summary>
    /// The comparison most tests use: "net" (the newest, so the first row) offers CAM and occlusion; "svm" only
    /// occlusion, CAM refused with <paramref name="camRefusal"/>: three maps and a tile that says why not.
    /// </summary>
    public void AddNetworkAndSvm(string camRefusal = "CAM needs a GAP head")
    {
        AddModel("net", DateTimeOffset.UnixEpoch.AddDays(2));
        AddModel("svm", DateTimeOffset.UnixEpoch.AddDays(1));
        MethodsOf = id => id == "net"
            ? [new(Cam, true, null), new(Occlusion, true, null)]
            : [new(Cam, false, camRefusal), new(Occlusion, true, null)];
    }

    /// <summary>The model keeps its id but gets other weights (as if its folder were replaced).</summary>
    public void ChangeWeights(string id)
    {
        lock (_models)
        {
            var index = _models.FindIndex(m => m.Id == id);
            _models[index] = _models[index] with { WeightsHash = WeightsHashOf(id, 2) };
        }
    }

    public void RemoveModel(string id)
    {
        lock (_models)
        {
            _models.RemoveAll(m => m.Id == id);
        }
    }

    private static string WeightsHashOf(string id, int version) => $"sha256:{id}-v{version}";

    /// <summary>A job that is already running, as another page or the CLI would have started it.</summary>
    public FakeJob AddRunningJob(TrainRequest request, JobState state = JobState.Running)
    {
        var id = $"job-{Interlocked.Increment(ref _nextJob)}";
        var job = new FakeJob(new JobInfo(id, request, state, DateTimeOffset.UtcNow, null, null, null));
        _jobs[id] = job;
        return job;
    }

    public Task<EngineInfo> GetInfoAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new EngineInfo("0.0.0", "fake", "cpu", false, 1, [ModelKinds.SeedCnn], [ExplanationMethods.Cam]));

    public Task<DatasetInfo> ImportDatasetAsync(DatasetImportRequest request, CancellationToken cancellationToken = default) =>
        Task.FromException<DatasetInfo>(new EngineException(EngineErrorKind.InvalidRequest, "The fake engine imports nothing."));

    /// <summary>Import requests, with whether the file they name existed when the job started.</summary>
    public List<(DatasetImportRequest Request, bool PathExisted)> ImportRequests { get; } = [];

    /// <summary>Data sets an import added (the test finishes the job and adds its data set here).</summary>
    public List<DatasetInfo> ImportedDatasets { get; } = [];

    public Task<JobInfo> StartImportAsync(DatasetImportRequest request, CancellationToken cancellationToken = default)
    {
        ImportRequests.Add((request, File.Exists(request.Path) || Directory.Exists(request.Path)));
        var id = $"job-{Interlocked.Increment(ref _nextJob)}";
        var job = new FakeJob(new JobInfo(id, null, JobState.Running, DateTimeOffset.UtcNow, null, null, null, Import: request));
        _jobs[id] = job;
        return Task.FromResult(job.Info);
    }

    public Task<IReadOnlyList<DatasetInfo>> ListDatasetsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DatasetInfo>>([Dataset, .. ImportedDatasets]);

    public Task<ImageBatch> GetImagesAsync(ImagesRequest request, CancellationToken cancellationToken = default)
    {
        var size = Dataset.Channels * Dataset.Height * Dataset.Width;
        var pixels = new byte[request.Indices.Count * size];
        for (var i = 0; i < request.Indices.Count; i++)
        {
            pixels.AsSpan(i * size, size).Fill((byte)(request.Indices[i] % 256));
        }

        var labels = request.Indices.Select(LabelOf).ToArray();
        return Task.FromResult(new ImageBatch(request.Indices.Count, Dataset.Channels, Dataset.Height, Dataset.Width, pixels, labels, request.Indices));
    }

    public Task<JobInfo> StartTrainingAsync(TrainRequest request, CancellationToken cancellationToken = default)
    {
        if (FailStart?.Invoke() is { } error)
        {
            return Task.FromException<JobInfo>(error);
        }

        StartedRequests.Add(request);
        var job = AddRunningJob(request);
        if (SimulatedBatchDelay is { } delay)
        {
            _ = Task.Run(() => SimulateAsync(job, delay), CancellationToken.None);
        }

        return Task.FromResult(job.Info);
    }

    public Task<ModelExportResult> ExportModelAsync(ModelExportRequest request, CancellationToken cancellationToken = default) =>
        Task.FromException<ModelExportResult>(new EngineException(EngineErrorKind.InvalidRequest, "The fake engine exports nothing."));

    public Task<ModelInfo> ImportModelAsync(ModelImportRequest request, CancellationToken cancellationToken = default) =>
        Task.FromException<ModelInfo>(new EngineException(EngineErrorKind.InvalidRequest, "The fake engine imports nothing."));

    /// <summary>When set, <see cref="DeleteModelAsync"/> refuses with it (as the engine does for a model a job reads).</summary>
    public Func<Exception>? FailDelete { get; set; }

    public List<string> DeletedModels { get; } = [];

    public Task<ModelInfo> DeleteModelAsync(string modelId, CancellationToken cancellationToken = default)
    {
        if (FailDelete is not null)
        {
            return Task.FromException<ModelInfo>(FailDelete());
        }

        var model = ModelsNow().FirstOrDefault(m => m.Id == modelId);
        if (model is null)
        {
            return Task.FromException<ModelInfo>(new EngineException(EngineErrorKind.NotFound, $"Unknown model '{modelId}'."));
        }

        RemoveModel(modelId);
        DeletedModels.Add(modelId);
        return Task.FromResult(model);
    }

    /// <summary>What <see cref="RepresentAsync"/> answers; by default the fake's models have none.</summary>
    public Func<RepresentationRequest, ModelRepresentation>? Representation { get; set; }

    public List<RepresentationRequest> RepresentationRequests { get; } = [];

    public Task<ModelRepresentation> RepresentAsync(RepresentationRequest request, CancellationToken cancellationToken = default)
    {
        RepresentationRequests.Add(request);
        return Representation is { } answer
            ? Task.FromResult(answer(request))
            : Task.FromException<ModelRepresentation>(new EngineException(EngineErrorKind.InvalidRequest, "The fake engine's models have no representation."));
    }

    public Task<IReadOnlyList<CheckpointInfo>> ListCheckpointsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<CheckpointInfo>>([]);

    public Task<JobInfo> ResumeTrainingAsync(string checkpointId, CancellationToken cancellationToken = default) =>
        Task.FromException<JobInfo>(new EngineException(EngineErrorKind.NotFound, "The fake engine keeps no checkpoints."));

    public List<SweepRequest> StartedSweeps { get; } = [];

    /// <summary>A sweep job the test drives through <see cref="Job"/>; <see cref="FailStart"/> applies as for training.</summary>
    public Task<JobInfo> StartSweepAsync(SweepRequest request, CancellationToken cancellationToken = default)
    {
        if (FailStart?.Invoke() is { } error)
        {
            return Task.FromException<JobInfo>(error);
        }

        StartedSweeps.Add(request);
        var id = $"job-{Interlocked.Increment(ref _nextJob)}";
        var job = new FakeJob(new JobInfo(id, request.Base, JobState.Running, DateTimeOffset.UtcNow, null, null, null, request));
        _jobs[id] = job;
        return Task.FromResult(job.Info);
    }

    public async IAsyncEnumerable<TrainingProgress> WatchJobAsync(
        string jobId,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var reader = Find(jobId).Watch();
        await foreach (var progress in reader.ReadAllAsync(cancellationToken))
        {
            yield return progress;
        }
    }

    public Task<JobInfo> GetJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Find(jobId).Info);

    /// <summary>How many times the job list was read (the app bar reads it for members only).</summary>
    public int JobListings => _jobListings;

    private int _jobListings;

    public Task<IReadOnlyList<JobInfo>> ListJobsAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _jobListings);
        return FailListJobs?.Invoke() is { } error
            ? Task.FromException<IReadOnlyList<JobInfo>>(error)
            : Task.FromResult<IReadOnlyList<JobInfo>>(_jobs.Values.Select(j => j.Info).ToArray());
    }

    public Task<JobInfo> CancelJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        if (FailCancel?.Invoke() is { } error)
        {
            return Task.FromException<JobInfo>(error);
        }

        var job = Find(jobId);
        job.Finish(JobState.Cancelled);
        return Task.FromResult(job.Info);
    }

    public Task<IReadOnlyList<ModelInfo>> ListModelsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ModelInfo>>(ModelsNow());

    private ModelInfo[] ModelsNow()
    {
        lock (_models)
        {
            return _models.ToArray();
        }
    }

    public Task<PredictionBatch> PredictAsync(PredictRequest request, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The training page does not predict.");

    /// <summary>A report in which image i of class c is predicted c, except one image of each class predicted as the next class.</summary>
    public Task<ClassificationReport> ReportAsync(ReportRequest request, CancellationToken cancellationToken = default)
    {
        var k = ClassNames.Count;
        var matrix = Enumerable.Range(0, k).Select(t => (IReadOnlyList<int>)Enumerable.Range(0, k).Select(p => p == t ? 9 : p == (t + 1) % k ? 1 : 0).ToArray()).ToArray();
        var metrics = ClassNames.Select(n => new ClassMetrics(n, 0.9, 0.9, 0.9, 10)).ToArray();
        return Task.FromResult(new ClassificationReport(request.ModelId, request.DatasetId, request.Split, metrics,
            new ClassMetrics("macro avg", 0.9, 0.9, 0.9, 10 * k), new ClassMetrics("weighted avg", 0.9, 0.9, 0.9, 10 * k), 0.9, matrix));
    }

    public List<AgreementRequest> AgreementRequests { get; } = [];

    /// <summary>Every pair agrees as much as its explainers' methods are alike: 1 for the same method, −1 for occlusion against another, 0 otherwise.</summary>
    public Task<AgreementResult> CompareAsync(AgreementRequest request, CancellationToken cancellationToken = default)
    {
        AgreementRequests.Add(request);
        var e = request.Explainers;
        double Agree(Explainer a, Explainer b) => a.Method == b.Method ? 1 : a.Method == ExplanationMethods.Occlusion || b.Method == ExplanationMethods.Occlusion ? -1 : 0;
        var matrix = e.Select(a => (IReadOnlyList<double>)e.Select(b => Agree(a, b)).ToArray()).ToArray();
        return Task.FromResult(new AgreementResult([.. e.Select(x => x.Label)], request.Indices.Count, request.Rho, matrix, matrix));
    }

    public List<EvaluationRequest> EvaluationRequests { get; } = [];

    /// <summary>Stored evaluations, as the engine's store would hold them.</summary>
    public Dictionary<string, EvaluationResult> Evaluations { get; } = [];

    public Task<JobInfo> StartEvaluationAsync(EvaluationRequest request, CancellationToken cancellationToken = default)
    {
        EvaluationRequests.Add(request);
        var id = $"job-{Interlocked.Increment(ref _nextJob)}";
        var job = new FakeJob(new JobInfo(id, null, JobState.Running, DateTimeOffset.UtcNow, null, null, null, Evaluation: request));
        _jobs[id] = job;
        return Task.FromResult(job.Info);
    }

    public List<PerturbationRequest> PerturbationRequests { get; } = [];

    public Task<JobInfo> StartPerturbationAsync(PerturbationRequest request, CancellationToken cancellationToken = default)
    {
        PerturbationRequests.Add(request);
        var id = $"job-{Interlocked.Increment(ref _nextJob)}";
        var job = new FakeJob(new JobInfo(id, null, JobState.Running, DateTimeOffset.UtcNow, null, null, null, Perturbation: request));
        _jobs[id] = job;
        return Task.FromResult(job.Info);
    }

    /// <summary>What <see cref="PerturbAsync"/> answers; by default the fake has no combined model.</summary>
    public Func<PerturbationImageRequest, PerturbedImage>? Perturbed { get; set; }

    public Task<PerturbedImage> PerturbAsync(PerturbationImageRequest request, CancellationToken cancellationToken = default) =>
        Perturbed is { } answer
            ? Task.FromResult(answer(request))
            : Task.FromException<PerturbedImage>(new EngineException(EngineErrorKind.InvalidRequest, "The fake engine has no combined model."));

    public Func<Exception>? FailGetEvaluation { get; set; }

    public Task<EvaluationResult> GetEvaluationAsync(string evaluationId, CancellationToken cancellationToken = default) =>
        FailGetEvaluation is { } fail ? Task.FromException<EvaluationResult>(fail())
        : Evaluations.TryGetValue(evaluationId, out var result)
            ? Task.FromResult(result)
            : Task.FromException<EvaluationResult>(new EngineException(EngineErrorKind.NotFound, $"No evaluation '{evaluationId}'."));

    public Task<IReadOnlyList<EvaluationInfo>> ListEvaluationsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<EvaluationInfo>>(Evaluations.Values.Select(r => new EvaluationInfo(
            r.Id, r.Name, r.Request.DatasetId, [.. r.Rows.Select(x => x.ModelId).Distinct()], r.Indices.Count, r.Rows.Count, r.Created)).ToArray());

    /// <summary>What each model offers; by default every model offers CAM only.</summary>
    public Func<string, IReadOnlyList<MethodAvailability>> MethodsOf { get; set; } = _ =>
        [new MethodAvailability(new MethodInfo(ExplanationMethods.Cam, "Class activation map", "Zhou et al. 2016", "a GAP network", []), true, null)];

    public Task<IReadOnlyList<MethodAvailability>> GetMethodsAsync(string modelId, CancellationToken cancellationToken = default)
    {
        lock (_models)
        {
            // As the engine's model store: a model that is not there (deleted) is not found.
            if (_models.All(m => m.Id != modelId))
            {
                return Task.FromException<IReadOnlyList<MethodAvailability>>(new EngineException(EngineErrorKind.NotFound, $"No model '{modelId}'."));
            }
        }

        return Task.FromResult(MethodsOf(modelId));
    }

    public Task<ExplanationBatch> ExplainAsync(ExplainRequest request, CancellationToken cancellationToken = default)
    {
        lock (ExplainRequests)
        {
            ExplainRequests.Add(request);
        }

        if (FailExplain?.Invoke() is { } error)
        {
            return Task.FromException<ExplanationBatch>(error);
        }

        var (h, w) = (Dataset.Height, Dataset.Width);
        var uploads = request.Uploads ?? [];
        var indices = uploads.Count > 0 ? Enumerable.Range(0, uploads.Count).ToArray() : request.Indices;
        var explanations = indices.Select(index =>
        {
            var heatmap = new float[h * w];
            for (var y = 0; y < h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    // Occlusion's map falls where every other function's rises: their ranks are exactly opposite.
                    heatmap[(y * w) + x] = request.Method == ExplanationMethods.Occlusion ? 1 - (x / (float)(w - 1)) : x / (float)(w - 1);
                }
            }

            var label = uploads.Count > 0 ? -1 : LabelOf(index);
            var predicted = index % 3 == 0 ? (LabelOf(index) + 1) % ClassNames.Count : LabelOf(index);
            return new Explanation(index, label, request.TargetClass ?? predicted, predicted, ProbabilityOf(index), h, w, heatmap, heatmap);
        }).ToArray();
        if (uploads.Count == 0)
        {
            return Task.FromResult(new ExplanationBatch(request.ModelId, request.Method, explanations));
        }

        // Uploads come back as the model saw them: every pixel the file's first byte, with a notice per file.
        var size = Dataset.Channels * h * w;
        var pixels = new byte[uploads.Count * size];
        for (var i = 0; i < uploads.Count; i++)
        {
            pixels.AsSpan(i * size, size).Fill(uploads[i].Content[0]);
        }

        return Task.FromResult(new ExplanationBatch(request.ModelId, request.Method, explanations, [],
            new ImageBatch(uploads.Count, Dataset.Channels, h, w, pixels, [.. Enumerable.Repeat(-1, uploads.Count)], indices),
            [.. uploads.Select(u => $"'{u.Name}': resized to {h}×{w}")]));
    }

    private static int LabelOf(int index) => index % ClassNames.Count;

    private FakeJob Find(string jobId) =>
        _jobs.TryGetValue(jobId, out var job)
            ? job
            : throw new EngineException(EngineErrorKind.NotFound, $"No job '{jobId}'.");

    private async Task SimulateAsync(FakeJob job, TimeSpan delay)
    {
        var request = job.Info.Request!;
        var batches = SimulatedBatchesPerEpoch;
        for (var epoch = 1; epoch <= request.Epochs; epoch++)
        {
            for (var batch = 1; batch <= batches; batch++)
            {
                await Task.Delay(delay);
                if (job.Info.State != JobState.Running)
                {
                    return;
                }

                var t = epoch - 1 + (batch / (double)batches);
                job.Report(new TrainingProgress(job.Id, TrainingPhase.Batch, epoch, request.Epochs, batch, batches,
                    2.3 / (1 + t), 1 - (0.9 / (1 + t)), null, 1000, (request.Epochs - t) * batches * delay.TotalSeconds, JobState.Running));
            }

            job.Report(new TrainingProgress(job.Id, TrainingPhase.Epoch, epoch, request.Epochs, batches, batches,
                2.3 / (1 + epoch), 1 - (0.9 / (1 + epoch)), 1 - (1.0 / (1 + epoch)), 1000, 0, JobState.Running));
        }

        var model = AddModel($"model-{job.Id}");
        job.Finish(JobState.Completed, model.Id);
    }
}
