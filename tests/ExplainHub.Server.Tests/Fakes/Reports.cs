using ExplainHub.Shared;

namespace ExplainHub.Server.Tests.Fakes;

/// <summary>Progress reports shaped like the engine's (1-based epochs and batches).</summary>
public static class Reports
{
    public static TrainingProgress Batch(int epoch, int batch, int batchesPerEpoch = 10, double loss = 1.0, double accuracy = 0.5, int epochs = 10, string jobId = "job-1") =>
        new(jobId, TrainingPhase.Batch, epoch, epochs, batch, batchesPerEpoch, loss, accuracy, null, 1000, 60, JobState.Running);

    public static TrainingProgress Epoch(int epoch, double testAccuracy, int batchesPerEpoch = 10, double loss = 0.8, double accuracy = 0.7, int epochs = 10, string jobId = "job-1") =>
        new(jobId, TrainingPhase.Epoch, epoch, epochs, batchesPerEpoch, batchesPerEpoch, loss, accuracy, testAccuracy, 1000, 30, JobState.Running);
}
