using ExplainHub.Shared;

namespace ExplainHub.Server.Training;

/// <summary>
/// Follows one engine job for a page: each progress report and the job's end are handed to the page on its UI
/// context (<see cref="IViewHost.InvokeAsync"/>), followed by a render. A remote engine's dropped link is bridged
/// (<see cref="ReconnectingJobWatch"/>); an engine that fails the watch otherwise, or stays away, is reported the same
/// way; the page leaving (<c>cancellationToken</c>) ends the watch quietly.
/// </summary>
public static class JobWatch
{
    public static async Task FollowAsync(
        IEngine engine,
        IViewHost host,
        string jobId,
        Action<TrainingProgress> onProgress,
        Func<JobInfo, Task> onEnd,
        Action<EngineException> onError,
        CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var progress in ReconnectingJobWatch.WatchAsync(engine, jobId, cancellationToken: cancellationToken))
            {
                await host.InvokeAsync(() =>
                {
                    onProgress(progress);
                    host.Changed();
                    return Task.CompletedTask;
                });
            }

            var finished = await engine.GetJobAsync(jobId, cancellationToken);
            await host.InvokeAsync(async () =>
            {
                await onEnd(finished);
                host.Changed();
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (EngineException e)
        {
            await host.InvokeAsync(() =>
            {
                onError(e);
                host.Changed();
                return Task.CompletedTask;
            });
        }
    }
}
