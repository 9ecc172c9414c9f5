namespace ExplainHub.Shared;

/// <summary>
/// A network training run saved after its last finished epoch, on the engine's disk: after a crash, a restart or a
/// cancel, <see cref="IEngine.ResumeTrainingAsync"/> goes on from there. <see cref="Id"/> is the id of the job that
/// started the run. A run with early stopping also keeps <see cref="EarlyStopping"/> (and its best epoch's weights
/// beside the checkpoint), so a resumed run stops, and goes back, where an uninterrupted one would. Seed 004's
/// autoencoder runs are checkpointed too: <see cref="Perturbation"/> is their request, and <see cref="Request"/> says
/// what it shares with a training run (data set, kind <see cref="ModelKinds.AutoencoderPerturbed"/>, both phases'
/// epochs as <see cref="TrainRequest.Epochs"/>, batch size, learning rate, subset, seed).
/// </summary>
public sealed record CheckpointInfo(string Id, TrainRequest Request, int EpochsDone, double? TestAccuracy, DateTimeOffset Saved,
    EarlyStoppingState? EarlyStopping = null, PerturbationRequest? Perturbation = null);

/// <summary>Where early stopping stands: the best epoch so far and its validation accuracy.</summary>
public sealed record EarlyStoppingState(int BestEpoch, double BestValidationAccuracy);
