using System.Diagnostics;
using System.Globalization;
using System.Text;
using ExplainHub.Shared;

namespace ExplainHub.Client.Cli;

/// <summary>
/// Job progress on stderr. On a terminal one line is redrawn in place (at most ten times a second) and each
/// finished epoch leaves a line behind; when stderr is a file or pipe only those epoch lines are written, so logs
/// stay readable. An import (<paramref name="import"/>) shows the share of its input read instead, and in a log
/// a line each tenth.
/// </summary>
internal sealed class TrainingProgressBar(TextWriter output, bool interactive, int width = 100, bool import = false) : IProgress<TrainingProgress>
{
    private int _tenthsLogged;

    private const int BarWidth = 24;
    private static readonly long RedrawInterval = Stopwatch.Frequency / 10;

    private long _lastDraw = -RedrawInterval;
    private bool _lineOpen;

    public void Report(TrainingProgress value)
    {
        switch (value.Phase)
        {
            case TrainingPhase.Batch when import:
                var tenths = value.BatchesPerEpoch > 0 ? 10 * value.Batch / value.BatchesPerEpoch : 0;
                if (interactive && Stopwatch.GetTimestamp() - _lastDraw >= RedrawInterval)
                {
                    Draw(ImportLine(value));
                }
                else if (!interactive && tenths > _tenthsLogged)
                {
                    _tenthsLogged = tenths;
                    WriteLine(ImportLine(value));
                }

                break;
            case TrainingPhase.Batch:
                if (interactive && Stopwatch.GetTimestamp() - _lastDraw >= RedrawInterval)
                {
                    Draw(BatchLine(value));
                }

                break;
            case TrainingPhase.Epoch or TrainingPhase.Evaluation:
                WriteLine(EpochLine(value));
                break;
            case TrainingPhase.Finished:
                Finish();
                break;
        }
    }

    /// <summary>Ends the redrawn line, so that whatever is written next starts on its own line.</summary>
    public void Finish()
    {
        if (_lineOpen)
        {
            output.Write("\r" + new string(' ', width - 1) + "\r");
            output.Flush();
            _lineOpen = false;
        }
    }

    internal static string BatchLine(TrainingProgress p)
    {
        var (_, bar) = Bar(p);
        return Invariant(
            $"epoch {p.Epoch}/{p.Epochs} [{bar}] {p.Batch}/{p.BatchesPerEpoch}  loss {p.Loss:0.0000}  acc {p.Accuracy:0.0%}{Rate(p)}  {p.ImagesPerSecond:0} img/s  ETA {Eta(p.EtaSeconds)}");
    }

    internal static string ImportLine(TrainingProgress p)
    {
        var (fraction, bar) = Bar(p);
        return Invariant($"reading [{bar}] {fraction:0.0%}  ETA {Eta(p.EtaSeconds)}");
    }

    private static (double Fraction, string Bar) Bar(TrainingProgress p)
    {
        var fraction = p.BatchesPerEpoch > 0 ? Math.Clamp((double)p.Batch / p.BatchesPerEpoch, 0, 1) : 0;
        var filled = (int)Math.Round(fraction * BarWidth);
        return (fraction, new string('#', filled) + new string('-', BarWidth - filled));
    }

    internal static string EpochLine(TrainingProgress p)
    {
        var test = p.TestAccuracy is { } accuracy ? Invariant($"  test acc {accuracy:0.00%}") : string.Empty;
        var validation = p.ValidationAccuracy is { } v ? Invariant($"  val acc {v:0.00%}") : string.Empty;
        return Invariant(
            $"epoch {p.Epoch}/{p.Epochs}  loss {p.Loss:0.0000}  acc {p.Accuracy:0.00%}{validation}{test}{Rate(p)}  {p.ImagesPerSecond:0} img/s  ETA {Eta(p.EtaSeconds)}");
    }

    private static string Rate(TrainingProgress p) => p.LearningRate is { } rate ? Invariant($"  lr {rate:0.######}") : string.Empty;

    internal static string Eta(double seconds)
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

    private void Draw(string line)
    {
        var text = new StringBuilder("\r").Append(Fit(line)).Append(' ', Math.Max(0, width - 1 - Fit(line).Length));
        output.Write(text.ToString());
        output.Flush();
        _lineOpen = true;
        _lastDraw = Stopwatch.GetTimestamp();
    }

    private void WriteLine(string line)
    {
        Finish();
        output.WriteLine(line);
        output.Flush();
    }

    private string Fit(string line) => line.Length < width ? line : line[..(width - 1)];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
