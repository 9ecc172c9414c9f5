using System.Diagnostics;
using ExplainHub.Engine.Data;
using ExplainHub.Engine.Models;
using ExplainHub.Engine.Models.Classical;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Training;

/// <summary>
/// Runs a sweep: one fit per value on the same training subset, each scored on the test subset and reported the
/// moment it is done, as "epoch" i of n carrying its <see cref="SweepPoint"/>. Fits within a point report as batches,
/// so a progress bar moves during a long fit too. Models are thrown away; the points are the result.
/// </summary>
public sealed class ClassicalSweep
{
    public IReadOnlyList<SweepPoint> Run(
        SweepRequest request,
        IModelFamily family,
        ModelInfo info,
        ImageShape shape,
        ImageSet train,
        ImageSet test,
        string jobId,
        Action<TrainingProgress> report,
        CancellationToken cancellationToken)
    {
        var samples = SampleMatrix.FromImages(train, info.ClassNames.Count);
        var baseOptions = request.Base.Classical ?? new ClassicalOptions();
        var total = request.Values.Count;
        var points = new List<SweepPoint>(total);
        var sweepClock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var value = request.Values[i];
            var options = SweepSettings.Apply(baseOptions, request.Parameter, value);
            var epoch = i + 1;
            var monitor = new FitMonitor((_, done, steps) =>
                report(new TrainingProgress(jobId, TrainingPhase.Batch, epoch, total, done, steps, 0, 0, null, 0,
                    Eta(sweepClock.Elapsed.TotalSeconds, i + ((double)done / Math.Max(1, steps)), total), JobState.Running)),
                cancellationToken);

            var clock = Stopwatch.StartNew();
            using var model = family.Fit(info, shape, samples, options, monitor);
            var fitSeconds = clock.Elapsed.TotalSeconds;
            var trainAccuracy = Evaluation.Accuracy(model, train, cancellationToken);
            var testAccuracy = Evaluation.Accuracy(model, test, cancellationToken);
            var facts = ModelFactsOf.Model(model);
            var point = new SweepPoint(i, value, testAccuracy, trainAccuracy, fitSeconds, facts?.SupportVectors, facts?.ExplainedVariance);
            points.Add(point);
            report(new TrainingProgress(jobId, TrainingPhase.Epoch, epoch, total, 1, 1, 0, trainAccuracy, testAccuracy,
                train.Count / Math.Max(1e-9, fitSeconds), Eta(sweepClock.Elapsed.TotalSeconds, epoch, total), JobState.Running, point));
        }

        return points;
    }

    private static double Eta(double elapsed, double done, int total) => done > 0 ? elapsed / done * (total - done) : 0;
}
