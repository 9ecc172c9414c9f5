using System.Diagnostics;
using ExplainHub.Engine.Jobs;
using ExplainHub.Engine.Perturbation;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Services;

/// <summary>
/// Turns the run's batch reports into job progress: the two phases are one sequence of epochs, each report's
/// <see cref="TrainingProgress.Step"/> names the phase, and batch reports come at most every quarter second.
/// </summary>
internal sealed class PerturbationJobProgress(TrainingJob job, PerturbationSettings settings)
{
    private static readonly TimeSpan Interval = Training.ConvNetTrainer.BatchReportInterval;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Stopwatch sinceReport = Stopwatch.StartNew();
    private readonly int epochs = settings.ReconstructionEpochs + settings.FineTuneEpochs;
    private int batchesDone;
    private double lossSum;
    private int lossCount;

    public void Report(PerturbationProgress step)
    {
        batchesDone++;
        lossSum += step.Loss;
        lossCount++;
        var epoch = (step.Phase == PerturbationRun.FineTunePhase ? settings.ReconstructionEpochs : 0) + step.Epoch;
        var last = step.Batch == step.Batches;
        if (!last && sinceReport.Elapsed < Interval)
        {
            return;
        }

        sinceReport.Restart();
        var total = epochs * step.Batches;
        var seconds = clock.Elapsed.TotalSeconds;
        var imagesPerSecond = seconds > 0 ? batchesDone * settings.BatchSize / seconds : 0;
        var eta = batchesDone > 0 ? seconds * (total - batchesDone) / batchesDone : 0;
        job.Report(new TrainingProgress(job.Id, last ? TrainingPhase.Epoch : TrainingPhase.Batch, epoch, epochs, step.Batch, step.Batches,
            lossSum / lossCount, 0, null, imagesPerSecond, eta, JobState.Running, Step: step.Phase));
        if (last)
        {
            lossSum = 0;
            lossCount = 0;
        }
    }

    public TrainingProgress Final(PerturbationReport report) => new(job.Id, TrainingPhase.Evaluation, epochs, epochs, 0, 0, 0,
        report.CombinedTrainAccuracy, report.CombinedTestAccuracy, 0, 0, JobState.Running, Step: "Table 4.1 accuracies");
}
