using System.Threading.Channels;
using ExplainHub.Shared;

namespace ExplainHub.Server.Tests.Fakes;

/// <summary>A job of <see cref="FakeEngine"/>: the test (or the simulation) reports progress and ends it.</summary>
public sealed class FakeJob(JobInfo info)
{
    private readonly Lock _gate = new();
    private readonly List<TrainingProgress> _history = [];
    private readonly List<Channel<TrainingProgress>> _watchers = [];

    public JobInfo Info { get; private set; } = info;

    public string Id => Info.Id;

    public int WatcherCount
    {
        get
        {
            lock (_gate)
            {
                return _watchers.Count;
            }
        }
    }

    public void Report(TrainingProgress progress)
    {
        lock (_gate)
        {
            _history.Add(progress);
            Info = Info with { State = JobState.Running, Latest = progress };
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryWrite(progress);
            }
        }
    }

    /// <summary>Ends the job like the engine does: a Finished report, then the stream closes.</summary>
    public void Finish(JobState state, string? modelId = null, string? error = null, string? evaluationId = null, string? datasetId = null)
    {
        lock (_gate)
        {
            var latest = Info.Latest ?? new TrainingProgress(Id, TrainingPhase.Finished, 0, Info.Request?.Epochs ?? 1, 0, 0, 0, 0, null, 0, 0, state);
            var final = latest with { Phase = TrainingPhase.Finished, State = state, EtaSeconds = 0, Point = null };
            _history.Add(final);
            Info = Info with { State = state, ModelId = modelId, Error = error, Latest = final, EvaluationId = evaluationId, DatasetId = datasetId };
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryWrite(final);
                watcher.Writer.TryComplete();
            }
        }
    }

    /// <summary>Breaks every open progress stream without ending the job (a dropped connection).</summary>
    public void BreakStreams(Exception error)
    {
        lock (_gate)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryComplete(error);
            }

            _watchers.Clear();
        }
    }

    public ChannelReader<TrainingProgress> Watch()
    {
        var channel = Channel.CreateUnbounded<TrainingProgress>();
        lock (_gate)
        {
            foreach (var progress in _history)
            {
                channel.Writer.TryWrite(progress);
            }

            if (Info.State is JobState.Completed or JobState.Cancelled or JobState.Failed)
            {
                channel.Writer.TryComplete();
            }
            else
            {
                _watchers.Add(channel);
            }
        }

        return channel.Reader;
    }
}
