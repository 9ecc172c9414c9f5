using System.Globalization;
using ExplainHub.Shared;

namespace ExplainHub.Client.Cli;

/// <summary>An evaluation's progress: a line per step done (maps of one explainer, scores of one row), with the time left.</summary>
internal sealed class EvaluationProgressLog(TextWriter output) : IJobProgressView
{
    public void Report(TrainingProgress value)
    {
        if (value.Phase == TrainingPhase.Batch && value.Step is { } step)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{value.Batch}/{value.BatchesPerEpoch}] {step}  ETA {ProgressText.Eta(value.EtaSeconds)}"));
            output.Flush();
        }
    }

    public void Finish()
    {
    }
}
