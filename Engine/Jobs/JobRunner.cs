using System.Collections.Concurrent;
using ExplainHub.Shared;
using Microsoft.Extensions.Logging;

namespace ExplainHub.Engine.Jobs;

/// <summary>
/// Runs training jobs one at a time on a dedicated thread (the machine's cores belong to libtorch while one
/// trains), imports beside them (reading files should not wait hours behind a training run), keeps every job for
/// watchers, and turns failures into a job state with a readable error.
/// A job's work is synchronous and stays on its thread: libgomp gives every thread that runs libtorch its own OpenMP
/// team, and once the teams hold more threads than there are cores it cuts the workers' spin-waits short, so a job that
/// hopped threads mid-way (an await) would leave a second team behind and wait for woken workers at every small
/// operation (measured: the seed CNN's scoring passes up to 40 % slower, ResNet-18's occlusion about 10 %).
/// </summary>
public sealed class JobRunner : IDisposable
{
    private readonly ConcurrentDictionary<string, TrainingJob> jobs = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim oneAtATime = new(1, 1);
    private readonly ILogger logger;

    public JobRunner(ILogger logger) => this.logger = logger;

    /// <summary>Raised for every state change (not for each batch), for hub broadcasts.</summary>
    public event Action<JobInfo>? JobChanged;

    /// <summary>
    /// Queues <paramref name="work"/>; it returns the id of the model it produced, or null when cancelled (or when,
    /// like a sweep, it produces none).
    /// </summary>
    public TrainingJob Start(TrainRequest request, Func<TrainingJob, string?> work, SweepRequest? sweep = null)
    {
        return Launch(new TrainingJob(NewId(), request, sweep), work, exclusive: true);
    }

    /// <summary>Queues an import; <paramref name="work"/> returns the imported data set's id.</summary>
    public TrainingJob StartImport(DatasetImportRequest request, Func<TrainingJob, string?> work) =>
        Launch(new TrainingJob(NewId(), request), work, exclusive: false);

    /// <summary>Queues an evaluation; it waits for running training (both want every core) and returns its result's id.</summary>
    public TrainingJob StartEvaluation(EvaluationRequest request, Func<TrainingJob, string?> work) =>
        Launch(new TrainingJob(NewId(), request), work, exclusive: true);

    /// <summary>Queues seed 004's autoencoder run; it waits for running training and returns the combined model's id.</summary>
    public TrainingJob StartPerturbation(PerturbationRequest request, Func<TrainingJob, string?> work) =>
        Launch(new TrainingJob(NewId(), request), work, exclusive: true);

    public TrainingJob Get(string id) =>
        jobs.TryGetValue(id, out var job) ? job : throw new EngineException(EngineErrorKind.NotFound, $"Unknown job '{id}'.");

    public IReadOnlyList<JobInfo> List() => jobs.Values.Select(j => j.Info).OrderByDescending(j => j.Created).ToList();

    private static string NewId() => "job-" + Guid.NewGuid().ToString("N")[..12];

    private TrainingJob Launch(TrainingJob job, Func<TrainingJob, string?> work, bool exclusive)
    {
        job.Changed += info => JobChanged?.Invoke(info);
        jobs[job.Id] = job;
        _ = Task.Factory.StartNew(() => Run(job, work, exclusive), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return job;
    }

    private void Run(TrainingJob job, Func<TrainingJob, string?> work, bool exclusive)
    {
        try
        {
            if (exclusive)
            {
                oneAtATime.Wait(job.CancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            job.Finish(JobState.Cancelled, null, null);
            return;
        }

        try
        {
            job.MarkRunning();
            var producedId = work(job);
            // A cancelled training run may still return the model of its finished epochs; an import that returned
            // has written its data set (an evaluation its result, a perturbation its combined model), so a cancel that came too late does not make it a cancelled one.
            var cancelled = job.CancellationToken.IsCancellationRequested && !job.RanToEnd
                && job.Info.Kind is not (JobKind.Import or JobKind.Evaluation or JobKind.Perturbation);
            job.Finish(cancelled ? JobState.Cancelled : JobState.Completed, producedId, null);
        }
        catch (OperationCanceledException)
        {
            job.Finish(JobState.Cancelled, null, null);
        }
        catch (EngineException ex)
        {
            job.Finish(JobState.Failed, null, ex.Message);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Job {JobId} failed", job.Id);
            job.Finish(JobState.Failed, null, ex.Message);
        }
        finally
        {
            if (exclusive)
            {
                oneAtATime.Release();
            }
        }
    }

    public void Dispose()
    {
        foreach (var job in jobs.Values)
        {
            job.Cancel();
        }
    }
}
