using System.Diagnostics;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Jobs;

/// <summary>
/// Turns an importer's "share of the input read" into job reports: one epoch of 1000 batches, a report each
/// thousandth at most (importers call back per row or per file, far more often than anyone watches).
/// </summary>
internal sealed class ImportProgress(TrainingJob job)
{
    public const int Steps = 1000;

    private readonly Stopwatch clock = Stopwatch.StartNew();
    private int reported = -1;

    public void Read(double fraction)
    {
        job.CancellationToken.ThrowIfCancellationRequested();
        var step = (int)Math.Clamp(Math.Floor(fraction * Steps), 0, Steps);
        if (step <= reported)
        {
            return;
        }

        reported = step;
        var elapsed = clock.Elapsed.TotalSeconds;
        var eta = step > 0 ? elapsed * (Steps - step) / step : 0;
        job.Report(new TrainingProgress(job.Id, TrainingPhase.Batch, 1, 1, step, Steps, 0, 0, null, 0, eta, JobState.Running));
    }
}
