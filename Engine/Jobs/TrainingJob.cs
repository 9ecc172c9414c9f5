using System.Runtime.CompilerServices;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Jobs;

/// <summary>
/// One job (training, sweep, import, evaluation or perturbation): its state, its progress history (replayed to late watchers) and a signal
/// that wakes watchers when something new happens. Thread-safe: the job's thread reports, hub calls watch.
/// </summary>
public sealed class TrainingJob : IDisposable
{
    private readonly Lock gate = new();
    private readonly List<TrainingProgress> history = [];
    private readonly CancellationTokenSource cancellation = new();
    private TaskCompletionSource changed = NewSignal();
    private JobInfo info;

    public TrainingJob(string id, TrainRequest request, SweepRequest? sweep = null)
        : this(new JobInfo(id, request, JobState.Queued, DateTimeOffset.UtcNow, null, null, null, sweep))
    {
    }

    public TrainingJob(string id, DatasetImportRequest import)
        : this(new JobInfo(id, null, JobState.Queued, DateTimeOffset.UtcNow, null, null, null, Import: import))
    {
    }

    public TrainingJob(string id, EvaluationRequest evaluation)
        : this(new JobInfo(id, null, JobState.Queued, DateTimeOffset.UtcNow, null, null, null, Evaluation: evaluation))
    {
    }

    public TrainingJob(string id, PerturbationRequest perturbation)
        : this(new JobInfo(id, null, JobState.Queued, DateTimeOffset.UtcNow, null, null, null, Perturbation: perturbation))
    {
    }

    private TrainingJob(JobInfo queued) => info = queued;

    public string Id => info.Id;

    public CancellationToken CancellationToken => cancellation.Token;

    /// <summary>What a training or sweep job trains; an import job has none.</summary>
    public TrainRequest TrainRequest => info.Request ?? throw new InvalidOperationException($"Job {info.Id} imports a data set; it trains nothing.");

    public JobInfo Info
    {
        get
        {
            lock (gate)
            {
                return info;
            }
        }
    }

    public void Report(TrainingProgress progress) => Update(i => i with { Latest = progress }, progress);

    public void MarkRunning() => Update(i => i with { State = JobState.Running }, null);

    /// <param name="producedId">The trained model's id, for an import the data set's, for an evaluation its result's; null when nothing was kept.</param>
    public void Finish(JobState state, string? producedId, string? error)
    {
        var latest = Info.Latest;
        var final = latest is null
            ? new TrainingProgress(Id, TrainingPhase.Finished, 0, info.Request?.Epochs ?? 1, 0, 0, 0, 0, null, 0, 0, state)
            : latest with { Phase = TrainingPhase.Finished, State = state, EtaSeconds = 0, Point = null };
        Update(i => i.Kind switch
        {
            JobKind.Import => i with { State = state, DatasetId = producedId, Error = error, Latest = final },
            JobKind.Evaluation => i with { State = state, EvaluationId = producedId, Error = error, Latest = final },
            _ => i with { State = state, ModelId = producedId, Error = error, Latest = final },
        }, final);
    }

    public void Cancel()
    {
        try
        {
            cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // finished and disposed: nothing left to cancel
        }
    }

    public bool IsFinished => Info.State is JobState.Completed or JobState.Cancelled or JobState.Failed;

    /// <summary>
    /// Whether the work said it did all it was asked (<see cref="MarkRanToEnd"/>): a cancel that came after its last
    /// step (during the final measuring) then does not make the job a cancelled one.
    /// </summary>
    public bool RanToEnd { get; private set; }

    public void MarkRanToEnd() => RanToEnd = true;

    /// <summary>Everything reported so far, then live reports until the job finishes.</summary>
    public async IAsyncEnumerable<TrainingProgress> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var next = 0;
        while (true)
        {
            TrainingProgress[] fresh;
            bool finished;
            Task signal;
            lock (gate)
            {
                fresh = history.Skip(next).ToArray();
                next = history.Count;
                finished = info.State is JobState.Completed or JobState.Cancelled or JobState.Failed;
                signal = changed.Task;
            }

            foreach (var progress in fresh)
            {
                yield return progress;
            }

            if (finished)
            {
                yield break;
            }

            await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public event Action<JobInfo>? Changed;

    public void Dispose() => cancellation.Dispose();

    private void Update(Func<JobInfo, JobInfo> change, TrainingProgress? progress)
    {
        TaskCompletionSource toRelease;
        JobInfo snapshot;
        lock (gate)
        {
            info = change(info);
            if (progress is not null)
            {
                history.Add(progress);
            }

            toRelease = changed;
            changed = NewSignal();
            snapshot = info;
        }

        toRelease.TrySetResult();
        if (progress is null || progress.Phase != TrainingPhase.Batch)
        {
            Changed?.Invoke(snapshot);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
