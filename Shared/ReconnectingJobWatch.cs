using System.Runtime.CompilerServices;

namespace ExplainHub.Shared;

/// <summary>
/// A job's progress (<see cref="IEngine.WatchJobAsync"/>) carried across a lost link to a remote engine. A watch that
/// fails as <see cref="EngineErrorKind.Unavailable"/> (the connection dropped; the client reconnects by itself) is
/// started again after a pause, and since a watch replays the job's reports from its first, those already given are
/// skipped: a page's progress and curves go on where they stopped, neither ending nor doubling. After
/// <see cref="Pauses"/> run out with no report in between (about a minute, as long as the SignalR client's automatic
/// reconnect keeps trying) the failure is the caller's. Other failures (the job is gone) are the caller's at once.
/// </summary>
public static class ReconnectingJobWatch
{
    public static IReadOnlyList<TimeSpan> Pauses { get; } =
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30)];

    public static async IAsyncEnumerable<TrainingProgress> WatchAsync(
        IEngine engine,
        string jobId,
        IReadOnlyList<TimeSpan>? pauses = null,
        TimeProvider? clock = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        pauses ??= Pauses;
        clock ??= TimeProvider.System;
        var given = 0;
        var failures = 0;
        while (true)
        {
            var replayed = 0;
            var watch = engine.WatchJobAsync(jobId, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                while (true)
                {
                    try
                    {
                        if (!await watch.MoveNextAsync())
                        {
                            yield break;
                        }
                    }
                    catch (EngineException e) when (e.Kind == EngineErrorKind.Unavailable && failures < pauses.Count)
                    {
                        break;
                    }

                    if (++replayed > given)
                    {
                        given = replayed;
                        failures = 0;
                        yield return watch.Current;
                    }
                }
            }
            finally
            {
                await watch.DisposeAsync();
            }

            // The link was lost (the only way out of the loop above but the job's end): wait, then watch again.
            await Task.Delay(pauses[failures++], clock, cancellationToken);
        }
    }
}
