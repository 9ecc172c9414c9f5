using System.Threading.Channels;
using ExplainHub.Shared;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ExplainHub.Engine.Hosting;

/// <summary>
/// Pushes <see cref="IEngineEvents.JobChanged"/> to every hub client whenever the embedded engine reports a job
/// change. The engine raises its event on the training thread, so changes are queued here and sent in order by one
/// loop: training never waits for the network, and clients never see an older state after a newer one.
/// </summary>
public sealed class EngineJobBroadcaster(
    IEngine engine,
    IHubContext<EngineHub, IEngineEvents> hub,
    ILogger<EngineJobBroadcaster> logger) : BackgroundService
{
    private readonly Channel<JobInfo> _changes = Channel.CreateUnbounded<JobInfo>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Only the embedded engine raises job events; any other IEngine (a fake in tests) has nothing to relay.
        if (engine is not EmbeddedEngine embedded)
        {
            return;
        }

        embedded.JobChanged += Enqueue;
        try
        {
            await foreach (var job in _changes.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await hub.Clients.All.JobChanged(job);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Could not broadcast the change of job {JobId}", job.Id);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            embedded.JobChanged -= Enqueue;
        }
    }

    private void Enqueue(JobInfo job) => _changes.Writer.TryWrite(job);
}
