using ExplainHub.Shared;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// What a classical fit reports while it runs: steps done of a total (classes for one-vs-rest, trees or rounds
/// for ensembles) with a stage name, and the cancellation it must honour between steps.
/// </summary>
public sealed class FitMonitor
{
    public static readonly FitMonitor None = new((_, _, _) => { }, CancellationToken.None);

    private readonly Action<string, int, int> report;

    public FitMonitor(Action<string, int, int> report, CancellationToken cancellationToken)
    {
        this.report = report;
        CancellationToken = cancellationToken;
    }

    public CancellationToken CancellationToken { get; }

    public void Step(string stage, int done, int total)
    {
        CancellationToken.ThrowIfCancellationRequested();
        report(stage, done, total);
    }

    public void ThrowIfCancelled() => CancellationToken.ThrowIfCancellationRequested();

    /// <summary>A monitor for training job <paramref name="jobId"/>: steps become batch progress of one "epoch".</summary>
    public static FitMonitor ForJob(string jobId, Action<TrainingProgress> sink, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        return new FitMonitor((_, done, total) =>
        {
            var elapsed = clock.Elapsed.TotalSeconds;
            var eta = done > 0 ? elapsed / done * (total - done) : 0;
            sink(new TrainingProgress(jobId, TrainingPhase.Batch, 1, 1, done, total, 0, 0, null, 0, eta, JobState.Running));
        }, cancellationToken);
    }
}
