using ExplainHub.Shared;

namespace ExplainHub.Client.Cli;

/// <summary>
/// A job's progress where stderr is a file or pipe: a line per finished epoch (or per tenth of an import), nothing
/// redrawn, so logs stay readable and scripts can follow them.
/// </summary>
internal sealed class JobProgressLog(TextWriter output, bool import) : IJobProgressView
{
    private int tenthsLogged;

    public void Report(TrainingProgress value)
    {
        switch (value.Phase)
        {
            case TrainingPhase.Batch when import:
                var tenths = value.BatchesPerEpoch > 0 ? 10 * value.Batch / value.BatchesPerEpoch : 0;
                if (tenths > tenthsLogged)
                {
                    tenthsLogged = tenths;
                    WriteLine(ProgressText.ImportLine(value));
                }

                break;
            case TrainingPhase.Epoch or TrainingPhase.Evaluation:
                WriteLine(ProgressText.EpochLine(value));
                break;
        }
    }

    public void Finish()
    {
    }

    private void WriteLine(string line)
    {
        output.WriteLine(line);
        output.Flush();
    }
}
