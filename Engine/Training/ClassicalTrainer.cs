using System.Diagnostics;
using ExplainHub.Engine.Data;
using ExplainHub.Engine.Models;
using ExplainHub.Engine.Models.Classical;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Training;

/// <summary>What a classical fit produced: the model, its test accuracy and how long the fit took.</summary>
public sealed record ClassicalOutcome(IClassifier Model, double TestAccuracy, TimeSpan FitTime);

/// <summary>
/// Fits a classical family on a training split (pixels / 255 as features) and scores it on the test split. The
/// fit's steps are reported as batches of a single "epoch", so the same progress UI shows SVMs and CNNs alike.
/// </summary>
public sealed class ClassicalTrainer
{
    public ClassicalOutcome Train(
        IModelFamily family,
        ModelInfo info,
        ImageShape shape,
        ImageSet train,
        ImageSet test,
        ClassicalOptions options,
        string jobId,
        Action<TrainingProgress> report,
        CancellationToken cancellationToken)
    {
        var classes = info.ClassNames.Count;
        var samples = SampleMatrix.FromImages(train, classes);
        var clock = Stopwatch.StartNew();
        var monitor = FitMonitor.ForJob(jobId, report, cancellationToken);
        var model = family.Fit(info, shape, samples, options, monitor);
        var fitTime = clock.Elapsed;
        try
        {
            report(new TrainingProgress(jobId, TrainingPhase.Evaluation, 1, 1, 1, 1, 0, 0, null, 0, 0, JobState.Running));
            var trainAccuracy = Evaluation.Accuracy(model, train, cancellationToken);
            var testAccuracy = Evaluation.Accuracy(model, test, cancellationToken);
            report(new TrainingProgress(jobId, TrainingPhase.Epoch, 1, 1, 1, 1, 0, trainAccuracy, testAccuracy,
                train.Count / Math.Max(1e-9, fitTime.TotalSeconds), 0, JobState.Running));
            return new ClassicalOutcome(model, testAccuracy, fitTime);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
