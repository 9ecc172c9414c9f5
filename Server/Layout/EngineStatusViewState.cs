using ExplainHub.Server.Training;
using ExplainHub.Shared;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExplainHub.Server.Layout;

/// <summary>
/// What the app bar says about the engine: the device and threads it computes on, how many jobs wait and run, and
/// whether it can be reached at all. Jobs are read again every <see cref="PollInterval"/> while the page is open.
/// </summary>
public sealed class EngineStatusViewState : IAsyncDisposable
{
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(2);

    private readonly IEngine _engine;
    private readonly IViewHost _host;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, JobState> _seen = [];
    private Task _polling = Task.CompletedTask;

    public EngineStatusViewState(IEngine engine, IViewHost host, ILogger? logger = null, TimeProvider? time = null, TimeSpan? pollInterval = null)
    {
        _engine = engine;
        _host = host;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        PollInterval = pollInterval ?? DefaultPollInterval;
    }

    public TimeSpan PollInterval { get; }

    public EngineInfo? Info { get; private set; }

    public int Queued { get; private set; }

    public int Running { get; private set; }

    /// <summary>Why the engine could not be read the last time it was asked; null while it answers.</summary>
    public string? Unreachable { get; private set; }

    /// <summary>"cpu · 2 threads", or what is wrong.</summary>
    public string DeviceText => Unreachable is not null
        ? "engine unreachable"
        : Info is { } info ? $"{info.Device} · {info.Threads} thread{(info.Threads == 1 ? "" : "s")}" : "engine…";

    public string JobsText => $"{Running} running · {Queued} queued";

    /// <summary>A job this page saw waiting or running has ended (completed, failed or cancelled).</summary>
    public event Action<JobNotice>? JobEnded;

    /// <summary>Reads the engine once, then keeps reading its jobs in the background until disposed.</summary>
    public async Task StartAsync()
    {
        await RefreshAsync(includeInfo: true);
        _polling = PollAsync(_stop.Token);
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(PollInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await _host.InvokeAsync(() => RefreshAsync(includeInfo: Info is null));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RefreshAsync(bool includeInfo)
    {
        try
        {
            if (includeInfo)
            {
                Info = await _engine.GetInfoAsync(_stop.Token);
            }

            var jobs = await _engine.ListJobsAsync(_stop.Token);
            Queued = jobs.Count(j => j.State == JobState.Queued);
            Running = jobs.Count(j => j.State == JobState.Running);
            Unreachable = null;
            foreach (var job in jobs)
            {
                if (_seen.TryGetValue(job.Id, out var before) && before is JobState.Queued or JobState.Running
                    && job.State is JobState.Completed or JobState.Failed or JobState.Cancelled)
                {
                    JobEnded?.Invoke(JobNotice.Of(job));
                }

                _seen[job.Id] = job.State;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e) when (e is EngineException or IOException or InvalidOperationException or HttpRequestException)
        {
            _logger.LogWarning(e, "The engine could not be read");
            Unreachable = e.Message;
        }

        _host.Changed();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _polling;
        _stop.Dispose();
    }
}
