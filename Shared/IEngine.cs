namespace ExplainHub.Shared;

/// <summary>
/// Everything the product asks of the engine. Implemented in-process by the Engine and remotely
/// (over SignalR) by the Client, so Server, CLI and tests never know which one they hold.
/// </summary>
public interface IEngine
{
    Task<EngineInfo> GetInfoAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<DatasetInfo>> ListDatasetsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Imports a data set from files the engine can read (FER2013 CSV, CIFAR-10 or STL-10 binaries, image folders or
    /// zips) into its cache; malformed input is refused naming the file and the line or byte offset.
    /// </summary>
    Task<DatasetInfo> ImportDatasetAsync(DatasetImportRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// The same import as a job that returns at once: a bad format, id or path is refused now; progress (the share
    /// of the input read) streams from <see cref="WatchJobAsync"/>; the finished job names the data set in
    /// <see cref="JobInfo.DatasetId"/>, or says in <see cref="JobInfo.Error"/> where the input is malformed. A
    /// cancelled or failed import leaves no cache file behind. Imports do not wait for training jobs.
    /// </summary>
    Task<JobInfo> StartImportAsync(DatasetImportRequest request, CancellationToken cancellationToken = default);

    Task<ImageBatch> GetImagesAsync(ImagesRequest request, CancellationToken cancellationToken = default);

    /// <summary>Queues a training job and returns at once; progress comes from <see cref="WatchJobAsync"/>.</summary>
    Task<JobInfo> StartTrainingAsync(TrainRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Queues a sweep of a classical kind over one setting and returns at once; each finished point arrives from
    /// <see cref="WatchJobAsync"/> as an epoch report carrying <see cref="TrainingProgress.Point"/>.
    /// </summary>
    Task<JobInfo> StartSweepAsync(SweepRequest request, CancellationToken cancellationToken = default);

    /// <summary>Replays the job's progress so far, then streams it live until the job ends.</summary>
    IAsyncEnumerable<TrainingProgress> WatchJobAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Network runs saved after their last finished epoch that did not finish (cancelled, crashed, restarted).</summary>
    Task<IReadOnlyList<CheckpointInfo>> ListCheckpointsAsync(CancellationToken cancellationToken = default);

    /// <summary>Starts a job that goes on from a checkpoint's last finished epoch; with the same seed it ends where an uninterrupted run would.</summary>
    Task<JobInfo> ResumeTrainingAsync(string checkpointId, CancellationToken cancellationToken = default);

    Task<JobInfo> GetJobAsync(string jobId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<JobInfo>> ListJobsAsync(CancellationToken cancellationToken = default);

    Task<JobInfo> CancelJobAsync(string jobId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ModelInfo>> ListModelsAsync(CancellationToken cancellationToken = default);

    Task<PredictionBatch> PredictAsync(PredictRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Explains images with one importance function and its parameters (defaults for those not given); a method
    /// that does not apply to the model, an unknown parameter or a value out of range is refused saying why.
    /// </summary>
    Task<ExplanationBatch> ExplainAsync(ExplainRequest request, CancellationToken cancellationToken = default);

    /// <summary>Every importance function the engine has, whether it applies to the model and, if not, why.</summary>
    Task<IReadOnlyList<MethodAvailability>> GetMethodsAsync(string modelId, CancellationToken cancellationToken = default);

    /// <summary>How alike several (model, function) pairs' maps are on the same images: mean Spearman and top-ρ IoU per pair.</summary>
    Task<AgreementResult> CompareAsync(AgreementRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// The model's internal representation in input space (class weights, kernel-PCA pre-images or feature
    /// importance); a kind without one is refused with what explains it instead.
    /// </summary>
    Task<ModelRepresentation> RepresentAsync(RepresentationRequest request, CancellationToken cancellationToken = default);

    /// <summary>Writes a trained network as model.safetensors + model.json into a folder on the engine's machine.</summary>
    Task<ModelExportResult> ExportModelAsync(ModelExportRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads an exported network back in as a new model.</summary>
    Task<ModelInfo> ImportModelAsync(ModelImportRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes a trained model and its files; refused while a queued or running job reads it. What was made from it
    /// (hybrids, combined models, evaluation results) stays.
    /// </summary>
    Task<ModelInfo> DeleteModelAsync(string modelId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Scores importance functions with SCG and CCG (seed 002) as a job that returns at once: a bad request (unknown
    /// model or method, a method that does not apply, parameters, bases, ρ, agreements, image count) is refused now;
    /// progress streams from <see cref="WatchJobAsync"/>; the finished job names its stored result in
    /// <see cref="JobInfo.EvaluationId"/>.
    /// </summary>
    Task<JobInfo> StartEvaluationAsync(EvaluationRequest request, CancellationToken cancellationToken = default);

    /// <summary>A stored evaluation with every row and image score.</summary>
    Task<EvaluationResult> GetEvaluationAsync(string evaluationId, CancellationToken cancellationToken = default);

    /// <summary>Stored evaluations, newest first.</summary>
    Task<IReadOnlyList<EvaluationInfo>> ListEvaluationsAsync(CancellationToken cancellationToken = default);

    /// <summary>Precision, recall, F1 per class and the confusion matrix of a model on a data set split.</summary>
    Task<ClassificationReport> ReportAsync(ReportRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts seed 004's autoencoder run through a trained network as a job (everything wrong with the request is
    /// refused now); progress streams from <see cref="WatchJobAsync"/> with the phase in <see cref="TrainingProgress.Step"/>,
    /// and the finished job's <see cref="JobInfo.ModelId"/> is the combined model, its Table 4.1 row in its facts.
    /// </summary>
    Task<JobInfo> StartPerturbationAsync(PerturbationRequest request, CancellationToken cancellationToken = default);

    /// <summary>What a combined model's autoencoder makes of one image, and where it changed it (seed 004 Fig. 4.1).</summary>
    Task<PerturbedImage> PerturbAsync(PerturbationImageRequest request, CancellationToken cancellationToken = default);
}
