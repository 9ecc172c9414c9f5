using ExplainHub.Shared;

namespace ExplainHub.Server.Training;

/// <summary>
/// Folds a job's progress reports into the curves the page plots: running train loss and accuracy per batch,
/// test accuracy per epoch. X is in epochs, so curves of runs with different subset sizes line up.
/// </summary>
public sealed class TrainingCurves
{
    /// <summary>
    /// Batch reports can arrive for every batch (938 per Fashion-MNIST epoch); a few dozen points per epoch draw
    /// the same curve and keep each browser update small.
    /// </summary>
    public const int MaxPointsPerEpoch = 50;

    public CurveSeries Loss { get; } = new("train loss");

    public CurveSeries Accuracy { get; } = new("train accuracy");

    public CurveSeries TestAccuracy { get; } = new("test accuracy");

    /// <summary>The optimiser's learning rate where the engine reports it (it moves under cosine and step schedules).</summary>
    public CurveSeries LearningRate { get; } = new("learning rate");

    /// <summary>Changes on every <see cref="Reset"/>, telling a chart to start over instead of extending.</summary>
    public int Generation { get; private set; }

    /// <summary>Total number of points in all series; changes whenever a point is added.</summary>
    public int PointCount => Loss.Points.Count + Accuracy.Points.Count + TestAccuracy.Points.Count;

    public void Reset()
    {
        Loss.Clear();
        Accuracy.Clear();
        TestAccuracy.Clear();
        LearningRate.Clear();
        Generation++;
    }

    public void Fold(TrainingProgress progress)
    {
        switch (progress.Phase)
        {
            case TrainingPhase.Batch:
                var x = ProgressFormatting.EpochPosition(progress);
                if (Loss.Last is not { } last || x - last.X >= 1.0 / MaxPointsPerEpoch)
                {
                    Append(Loss, x, progress.Loss);
                    Append(Accuracy, x, progress.Accuracy);
                    AppendLearningRate(progress, x);
                }

                break;

            case TrainingPhase.Epoch:
                // The epoch's closing values are always kept, so the decimated batch points end where the epoch does.
                Append(Loss, progress.Epoch, progress.Loss);
                Append(Accuracy, progress.Epoch, progress.Accuracy);
                AppendLearningRate(progress, progress.Epoch);
                AppendTestAccuracy(progress);
                break;

            case TrainingPhase.Evaluation:
            case TrainingPhase.Finished:
                AppendTestAccuracy(progress);
                break;
        }
    }

    private void AppendLearningRate(TrainingProgress progress, double x)
    {
        if (progress.LearningRate is { } rate)
        {
            Append(LearningRate, x, rate);
        }
    }

    private void AppendTestAccuracy(TrainingProgress progress)
    {
        if (progress.TestAccuracy is { } accuracy)
        {
            Append(TestAccuracy, progress.Epoch, accuracy);
        }
    }

    /// <summary>
    /// Keeps X strictly increasing (a re-attached watch replays reports already seen) and drops non-finite values:
    /// a diverging loss is NaN, which JSON cannot carry to the browser.
    /// </summary>
    private static void Append(CurveSeries series, double x, double y)
    {
        if (!double.IsFinite(x) || !double.IsFinite(y) || series.Last is { } last && x <= last.X)
        {
            return;
        }

        series.Add(new CurvePoint(x, y));
    }
}
