using System.Globalization;
using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

/// <summary>
/// Follows a training job to its end with a progress bar. Cancelling (Ctrl+C) cancels the job on the engine and waits
/// for it to stop, so that an engine that keeps the epochs done so far has saved them before this process exits.
/// </summary>
internal sealed class TrainingJobFollower(GlobalOptions options)
{
    /// <summary>How long to wait for a cancelled job to wind down before giving up on it.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Shows a job's progress to its end; Ctrl+C cancels it on the engine and waits for it to stop.</summary>
    public async Task<int> FollowAsync(CliContext context, IEngine engine, JobInfo job, CancellationToken cancellationToken) =>
        Report(context, await WatchToEndAsync(context, engine, job, cancellationToken));

    /// <summary>
    /// Shows any job's progress until it ends and returns how it ended; Ctrl+C cancels it on the engine and waits
    /// (at most <see cref="StopTimeout"/>) for it to stop.
    /// </summary>
    public static async Task<JobInfo> WatchToEndAsync(CliContext context, IEngine engine, JobInfo job, CancellationToken cancellationToken)
    {
        var progress = JobProgressView.For(context, job);
        try
        {
            await foreach (var report in engine.WatchJobAsync(job.Id, cancellationToken))
            {
                progress.Report(report);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            progress.Finish();
            context.Error.WriteLine($"cancelling job {job.Id} …");
            return await StopAsync(engine, job.Id);
        }
        catch (EngineException e) when (e.Kind == EngineErrorKind.Unavailable)
        {
            // The engine went away while the job ran there: say which job, which may well go on without this process.
            throw new EngineException(EngineErrorKind.Unavailable,
                $"{e.Message} Job {job.Id} was running there and may still be; a cancelled or crashed run can be resumed from its checkpoint (explainhub checkpoints).", e);
        }
        finally
        {
            progress.Finish();
        }

        // The job has ended: a Ctrl+C now must not hide how (train prints the model, evaluate writes its files).
        return await engine.GetJobAsync(job.Id, CancellationToken.None);
    }

    private static async Task<JobInfo> StopAsync(IEngine engine, string jobId)
    {
        var cancelled = await engine.CancelJobAsync(jobId, CancellationToken.None);
        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await foreach (var _ in engine.WatchJobAsync(jobId, timeout.Token))
            {
            }

            return await engine.GetJobAsync(jobId, CancellationToken.None);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return cancelled;
        }
    }

    private int Report(CliContext context, JobInfo job)
    {
        if (options.Json)
        {
            CliJson.Write(context.Out, job);
        }

        var accuracy = job.Latest?.TestAccuracy is { } a ? a.ToString("0.00%", CultureInfo.InvariantCulture) : "n/a";
        switch (job.State)
        {
            case JobState.Completed:
                if (!options.Json)
                {
                    context.Out.WriteLine($"model {job.ModelId}  test accuracy {accuracy}  (job {job.Id})");
                    context.Out.Flush();
                }

                return ExitCodes.Ok;
            case JobState.Cancelled:
                context.Error.WriteLine(job.ModelId is null
                    ? $"cancelled job {job.Id}; no model was kept"
                    : $"cancelled job {job.Id}; model {job.ModelId} keeps the finished epochs (test accuracy {accuracy})");
                return ExitCodes.Cancelled;
            case JobState.Failed:
                throw new EngineException(EngineErrorKind.Native, $"training job {job.Id} failed: {job.Error ?? "no reason given"}");
            default:
                // Cancelled from here but still winding down after StopTimeout.
                context.Error.WriteLine($"job {job.Id} is still {job.State.ToString().ToLowerInvariant()} on the engine");
                return ExitCodes.Cancelled;
        }
    }
}
