namespace ExplainHub.Shared;

/// <summary>
/// A network training run saved after its last finished epoch, on the engine's disk: after a crash, a restart or a
/// cancel, <see cref="IEngine.ResumeTrainingAsync"/> goes on from there. <see cref="Id"/> is the id of the job that
/// started the run.
/// </summary>
public sealed record CheckpointInfo(string Id, TrainRequest Request, int EpochsDone, double? TestAccuracy, DateTimeOffset Saved);
