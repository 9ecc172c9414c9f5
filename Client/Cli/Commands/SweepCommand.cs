using System.Globalization;
using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

/// <summary>
/// Starts a sweep and prints each point the moment it is done (stderr keeps the progress bar); at the end a table,
/// or with --json one document with every point, ready to plot. Ctrl+C cancels the sweep on the engine.
/// </summary>
internal sealed record SweepCommand(GlobalOptions Global, SweepRequest Request) : EngineCommand(Global)
{
    public override async Task<int> RunAsync(CliContext context, IEngine engine, CancellationToken cancellationToken)
    {
        var parameter = SweepParameterNames.Name(Request.Parameter);
        // Never abandoned half-way: the engine may have started the job already. A Ctrl+C meanwhile is seen by the
        // watch that follows, which cancels the job (a second Ctrl+C still quits at once).
        var job = await engine.StartSweepAsync(Request, CancellationToken.None);
        context.Error.WriteLine($"job {job.Id}: sweeping {Request.Base.ModelKind} on {Request.Base.DatasetId} over {parameter} = {string.Join(", ", Request.Values)}");
        var progress = JobProgressView.For(context, import: false);
        var points = new List<SweepPoint>();
        try
        {
            await foreach (var report in engine.WatchJobAsync(job.Id, cancellationToken))
            {
                if (report.Phase != TrainingPhase.Epoch || report.Point is not { } point)
                {
                    if (report.Phase == TrainingPhase.Batch)
                    {
                        progress.Report(report);
                    }
                }
                else
                {
                    points.Add(point);
                    progress.Finish();
                    context.Error.WriteLine($"{parameter} = {point.Value}: test accuracy {Percent(point.TestAccuracy)}, fit {point.FitSeconds:0.0} s");
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            progress.Finish();
            await engine.CancelJobAsync(job.Id, CancellationToken.None);
            context.Error.WriteLine($"cancelled sweep {job.Id} after {points.Count} of {Request.Values.Count} points");
            Write(context, parameter, points);
            return ExitCodes.Cancelled;
        }
        finally
        {
            progress.Finish();
        }

        var final = await engine.GetJobAsync(job.Id, CancellationToken.None); // it has ended: a late Ctrl+C must not hide how
        if (final.State == JobState.Failed)
        {
            throw new EngineException(EngineErrorKind.Native, $"sweep job {job.Id} failed: {final.Error ?? "no reason given"}");
        }

        Write(context, parameter, points);
        return final.State == JobState.Completed ? ExitCodes.Ok : ExitCodes.Cancelled;
    }

    private void Write(CliContext context, string parameter, IReadOnlyList<SweepPoint> points)
    {
        if (Global.Json)
        {
            CliJson.Write(context.Out, new SweepResult(Request.Base.ModelKind, Request.Base.DatasetId, parameter, points));
            return;
        }

        var table = new TextTable(parameter.ToUpperInvariant(), "TEST ACC", "TRAIN ACC", "FIT S", "SUPPORT VECTORS", "EXPLAINED VAR");
        foreach (var point in points)
        {
            table.Add(point.Value, Percent(point.TestAccuracy), Percent(point.TrainAccuracy),
                point.FitSeconds.ToString("0.00", CultureInfo.InvariantCulture),
                point.SupportVectors?.ToString(CultureInfo.InvariantCulture) ?? "-",
                point.ExplainedVariance?.ToString("0.000", CultureInfo.InvariantCulture) ?? "-");
        }

        table.WriteTo(context.Out);
        context.Out.Flush();
    }

    private static string Percent(double value) => value.ToString("0.00%", CultureInfo.InvariantCulture);

    /// <summary>What --json prints: the series to plot.</summary>
    private sealed record SweepResult(string Kind, string DatasetId, string Parameter, IReadOnlyList<SweepPoint> Points);
}
