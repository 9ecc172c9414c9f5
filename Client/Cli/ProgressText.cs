using System.Globalization;
using ExplainHub.Shared;

namespace ExplainHub.Client.Cli;

/// <summary>The words and numbers a job's progress is told in, the same in a live display and in a log.</summary>
internal static class ProgressText
{
    /// <summary>Within an epoch: batches done, running loss and accuracy, rate, speed, time left.</summary>
    public static string BatchStatus(TrainingProgress p) => Invariant(
        $"{p.Batch}/{p.BatchesPerEpoch}  {Phase(p)}loss {p.Loss:0.0000}{(Trains(p) ? Invariant($"  acc {p.Accuracy:0.0%}") : "")}{Rate(p)}  {p.ImagesPerSecond:0} img/s  ETA {Eta(p.EtaSeconds)}");

    /// <summary>An epoch's summary, with validation and test accuracy when they were measured.</summary>
    public static string EpochStatus(TrainingProgress p)
    {
        var test = p.TestAccuracy is { } tested ? Invariant($"  test acc {tested:0.00%}") : string.Empty;
        var validation = p.ValidationAccuracy is { } v ? Invariant($"  val acc {v:0.00%}") : string.Empty;
        var accuracy = Trains(p) || p.Phase is TrainingPhase.Evaluation or TrainingPhase.Finished ? Invariant($"  acc {p.Accuracy:0.00%}") : string.Empty;
        return Invariant($"{Phase(p)}loss {p.Loss:0.0000}{accuracy}{validation}{test}{Rate(p)}  {p.ImagesPerSecond:0} img/s  ETA {Eta(p.EtaSeconds)}");
    }

    public static string EpochLine(TrainingProgress p) => Invariant($"epoch {p.Epoch}/{p.Epochs}  ") + EpochStatus(p);

    public static string ImportLine(TrainingProgress p)
    {
        var fraction = p.BatchesPerEpoch > 0 ? Math.Clamp((double)p.Batch / p.BatchesPerEpoch, 0, 1) : 0;
        var filled = (int)Math.Round(fraction * 24);
        return Invariant($"reading [{new string('#', filled)}{new string('-', 24 - filled)}] {fraction:0.0%}  ETA {Eta(p.EtaSeconds)}");
    }

    /// <summary>m:ss, or h:mm:ss from an hour on; "--" when unknown.</summary>
    public static string Eta(double seconds)
    {
        if (!double.IsFinite(seconds) || seconds < 0)
        {
            return "--";
        }

        var time = TimeSpan.FromSeconds(Math.Round(seconds));
        return time.TotalHours >= 1
            ? Invariant($"{(int)time.TotalHours}:{time.Minutes:00}:{time.Seconds:00}")
            : Invariant($"{time.Minutes}:{time.Seconds:00}");
    }

    /// <summary>A job in named phases (seed 004's reconstruction and fine-tuning) says which; a training run has none.</summary>
    private static string Phase(TrainingProgress p) => p.Step is { } step ? step + "  " : string.Empty;

    /// <summary>Whether the batches are a classifier's, whose running accuracy means something (an autoencoder's phases have none).</summary>
    private static bool Trains(TrainingProgress p) => p.Step is null;

    private static string Rate(TrainingProgress p) => p.LearningRate is { } rate ? Invariant($"  lr {rate:0.######}") : string.Empty;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
