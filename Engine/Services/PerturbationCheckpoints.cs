using ExplainHub.Engine.Perturbation;
using ExplainHub.Engine.Training;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Services;

/// <summary>
/// An autoencoder run's checkpoints in the same folder and format as a training run's (checkpoint-N.pt: the autoencoder
/// and Adam; checkpoint.json: <see cref="CheckpointInfo"/> with <see cref="CheckpointInfo.Perturbation"/>), so that
/// listing and resuming runs covers both.
/// </summary>
internal sealed class PerturbationCheckpoints(TrainingCheckpoints folder, PerturbationRequest request, string datasetId, CheckpointInfo? resumeFrom)
    : IPerturbationCheckpoints
{
    public PerturbationEpochs Done => resumeFrom is { } state ? Split(request, state.EpochsDone) : default;

    public void Restore(AutoencoderTraining training) => training.Load(folder.WeightsPath);

    public void Save(AutoencoderTraining training, PerturbationEpochs done) =>
        folder.Save(training.Save, new CheckpointInfo(folder.Id, AsTrainRequest(request, datasetId), done.Total, null, DateTimeOffset.UtcNow,
            Perturbation: request));

    /// <summary>The epochs done of each phase, from their total: reconstruction comes first.</summary>
    public static PerturbationEpochs Split(PerturbationRequest request, int total) =>
        new(Math.Min(total, request.ReconstructionEpochs), Math.Max(0, total - request.ReconstructionEpochs));

    /// <summary>What a checkpoint list shows of the run, in a training run's terms.</summary>
    public static TrainRequest AsTrainRequest(PerturbationRequest request, string datasetId) => new(
        datasetId, ModelKinds.AutoencoderPerturbed, Epochs: request.ReconstructionEpochs + request.FineTuneEpochs, BatchSize: request.BatchSize,
        LearningRate: request.LearningRate, TrainSubset: request.TrainSubset, Seed: request.Seed, Name: request.Name);
}
