using ExplainHub.Shared;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ExplainHub.Client.Cli;

/// <summary>
/// A job's progress drawn live by Spectre.Console on a terminal: one bar per epoch that fills batch by batch with
/// loss, accuracy, speed and ETA beside it; a finished epoch stays on screen with its summary (validation and test
/// accuracy when measured). An import shows one bar for the share of its input read.
/// </summary>
internal sealed class LiveJobProgress : IJobProgressView
{
    private readonly TaskCompletionSource<ProgressContext> started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task display;
    private readonly bool import;
    private readonly Dictionary<int, ProgressTask> bars = [];

    public LiveJobProgress(TextWriter error, int width, bool import)
    {
        this.import = import;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(error),
            Ansi = AnsiSupport.Detect,
            Interactive = InteractionSupport.Yes,
        });
        console.Profile.Width = width;
        display = console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 24 }, new StatusColumn())
            .StartAsync(context =>
            {
                started.SetResult(context);
                return ended.Task;
            });
    }

    public void Report(TrainingProgress value)
    {
        if (ended.Task.IsCompleted)
        {
            return;
        }

        var context = started.Task.GetAwaiter().GetResult();
        switch (value.Phase)
        {
            case TrainingPhase.Batch when import:
                Update(Bar(context, 0, "reading", value.BatchesPerEpoch), value.Batch,
                    $"{Fraction(value):0.0%}  ETA {ProgressText.Eta(value.EtaSeconds)}");
                break;
            case TrainingPhase.Batch:
                Update(Bar(context, value.Epoch, $"epoch {value.Epoch}/{value.Epochs}", value.BatchesPerEpoch), value.Batch,
                    ProgressText.BatchStatus(value));
                break;
            case TrainingPhase.Epoch or TrainingPhase.Evaluation:
                var bar = Bar(context, value.Epoch, $"epoch {value.Epoch}/{value.Epochs}", Math.Max(1, value.BatchesPerEpoch));
                Update(bar, bar.MaxValue, ProgressText.EpochStatus(value));
                bar.StopTask();
                break;
            case TrainingPhase.Finished:
                Finish();
                break;
        }
    }

    /// <summary>Stops the live display, leaving what it shows; safe to call more than once.</summary>
    public void Finish()
    {
        ended.TrySetResult();
        display.GetAwaiter().GetResult();
    }

    private ProgressTask Bar(ProgressContext context, int key, string description, int batches)
    {
        if (!bars.TryGetValue(key, out var bar))
        {
            bar = context.AddTask(description, autoStart: true, maxValue: Math.Max(1, batches));
            bars[key] = bar;
        }

        return bar;
    }

    private static void Update(ProgressTask bar, double value, string status)
    {
        bar.Tag = status;
        bar.Value = value;
    }

    private static double Fraction(TrainingProgress p) =>
        p.BatchesPerEpoch > 0 ? Math.Clamp((double)p.Batch / p.BatchesPerEpoch, 0, 1) : 0;

    private sealed class StatusColumn : ProgressColumn
    {
        protected override bool NoWrap => true;

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Tag as string ?? string.Empty);
    }
}
