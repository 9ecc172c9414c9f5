using ExplainHub.Shared;

namespace ExplainHub.Client.Cli;

/// <summary>How a followed job's progress is shown on stderr; <see cref="Finish"/> ends any live drawing before other output.</summary>
internal interface IJobProgressView : IProgress<TrainingProgress>
{
    void Finish();
}

internal static class JobProgressView
{
    /// <summary>A live Spectre.Console display on a terminal; plain lines (one per epoch, or per tenth of an import) in a log.</summary>
    /// <summary>The view for <paramref name="job"/>'s kind: an evaluation tells its steps line by line.</summary>
    public static IJobProgressView For(CliContext context, JobInfo job) =>
        job.Kind == JobKind.Evaluation ? new EvaluationProgressLog(context.Error) : For(context, job.Kind == JobKind.Import);

    public static IJobProgressView For(CliContext context, bool import) =>
        context.ErrorIsTerminal ? new LiveJobProgress(context.Error, TerminalWidth(), import) : new JobProgressLog(context.Error, import);

    private static int TerminalWidth()
    {
        try
        {
            return Math.Max(40, Console.WindowWidth);
        }
        catch (IOException)
        {
            return 100;
        }
    }
}
