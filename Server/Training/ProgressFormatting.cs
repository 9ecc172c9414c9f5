using System.Globalization;
using ExplainHub.Shared;

namespace ExplainHub.Server.Training;

/// <summary>Turns a progress report into what the page shows: position in epochs, overall fraction, one status line.</summary>
public static class ProgressFormatting
{
    /// <summary>
    /// Position in epochs: the end of epoch e is e, batch b of epoch e is (e − 1) + b / batchesPerEpoch.
    /// Epoch and Batch are 1-based in reports (the first batch report of a run is epoch 1, batch 1).
    /// </summary>
    public static double EpochPosition(TrainingProgress progress)
    {
        var completedEpochs = Math.Max(progress.Epoch - 1, 0);
        if (progress.BatchesPerEpoch <= 0)
        {
            return completedEpochs;
        }

        return completedEpochs + (Math.Clamp(progress.Batch, 0, progress.BatchesPerEpoch) / (double)progress.BatchesPerEpoch);
    }

    /// <summary>How much of the whole run is done, in [0,1].</summary>
    public static double OverallFraction(TrainingProgress progress)
    {
        if (progress.Phase == TrainingPhase.Finished)
        {
            return 1;
        }

        if (progress.Epochs <= 0)
        {
            return 0;
        }

        var position = progress.Phase == TrainingPhase.Batch ? EpochPosition(progress) : progress.Epoch;
        return Math.Clamp(position / progress.Epochs, 0, 1);
    }

    /// <summary>
    /// A classical model's one fit: "fitting…" until it reports, then "fitted · 1,704 img/s · train 99.2% · test 81.0%"
    /// (it has no epochs, batches or loss; the engine's report carries training accuracy in Accuracy).
    /// </summary>
    public static string DescribeClassical(TrainingProgress progress)
    {
        var c = CultureInfo.InvariantCulture;
        if (progress.Phase == TrainingPhase.Batch)
        {
            return "fitting…";
        }

        var parts = new List<string> { "fitted" };
        if (progress.ImagesPerSecond > 0 && double.IsFinite(progress.ImagesPerSecond))
        {
            parts.Add(string.Create(c, $"{progress.ImagesPerSecond:N0} img/s"));
        }

        parts.Add(string.Create(c, $"train {progress.Accuracy * 100:0.0}%"));
        if (progress.TestAccuracy is { } test)
        {
            parts.Add(string.Create(c, $"test {test * 100:0.0}%"));
        }

        return string.Join(" · ", parts);
    }

    /// <summary>"Epoch 2/10 · batch 120/938 · 3,456 img/s · ETA 1:23 · loss 0.412 · acc 85.1% · test 86.0%".</summary>
    public static string Describe(TrainingProgress progress)
    {
        var c = CultureInfo.InvariantCulture;
        var parts = new List<string>
        {
            string.Create(c, $"Epoch {progress.Epoch}/{progress.Epochs}"),
        };

        if (progress.Phase == TrainingPhase.Batch && progress.BatchesPerEpoch > 0)
        {
            parts.Add(string.Create(c, $"batch {progress.Batch}/{progress.BatchesPerEpoch}"));
        }
        else if (progress.Phase == TrainingPhase.Evaluation)
        {
            parts.Add("evaluating");
        }

        if (progress.ImagesPerSecond > 0 && double.IsFinite(progress.ImagesPerSecond))
        {
            parts.Add(string.Create(c, $"{progress.ImagesPerSecond:N0} img/s"));
        }

        if (progress.Phase != TrainingPhase.Finished && progress.EtaSeconds > 0 && double.IsFinite(progress.EtaSeconds))
        {
            parts.Add("ETA " + FormatDuration(TimeSpan.FromSeconds(progress.EtaSeconds)));
        }

        if (double.IsFinite(progress.Loss))
        {
            parts.Add(string.Create(c, $"loss {progress.Loss:0.000}"));
        }

        parts.Add(string.Create(c, $"acc {progress.Accuracy * 100:0.0}%"));
        if (progress.TestAccuracy is { } test)
        {
            parts.Add(string.Create(c, $"test {test * 100:0.0}%"));
        }

        return string.Join(" · ", parts);
    }

    /// <summary>"0:07", "12:34", "1:02:03": minutes and seconds, hours only when needed.</summary>
    public static string FormatDuration(TimeSpan duration)
    {
        var seconds = (long)Math.Ceiling(Math.Max(duration.TotalSeconds, 0));
        var hours = seconds / 3600;
        var minutes = seconds / 60 % 60;
        var rest = seconds % 60;
        return hours > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{hours}:{minutes:00}:{rest:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{minutes}:{rest:00}");
    }
}
