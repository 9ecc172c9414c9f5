using System.Collections.Concurrent;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Jobs;

/// <summary>
/// Resumes of checkpoints (training and autoencoder runs alike): one job at a time per checkpoint, and none while the
/// checkpoint's own run is still queued or running. A resume counts its epochs from the checkpoint as it was when
/// asked but reads the weights when its job runs, so a second resume (or the run itself) moving the checkpoint on in
/// between would train epochs twice, or on the wrong phase.
/// </summary>
public sealed class CheckpointResumes(JobRunner jobs)
{
    // Checkpoint id → the job resuming it ("" while that job is being started).
    private readonly ConcurrentDictionary<string, string> resuming = new(StringComparer.Ordinal);

    public TrainingJob Start(string checkpointId, Func<TrainingJob> start)
    {
        if (jobs.List().FirstOrDefault(j => j.Id == checkpointId && j.State is JobState.Queued or JobState.Running) is { } running)
        {
            throw new EngineException(EngineErrorKind.InvalidRequest, $"Run '{checkpointId}' is still {running.State.ToString().ToLowerInvariant()}; its checkpoint is for after it stops.");
        }

        if (!resuming.TryAdd(checkpointId, string.Empty))
        {
            throw new EngineException(EngineErrorKind.InvalidRequest, $"Checkpoint '{checkpointId}' is already being resumed by job {resuming.GetValueOrDefault(checkpointId)}.");
        }

        try
        {
            var job = start();
            resuming[checkpointId] = job.Id;
            job.Changed += info =>
            {
                if (info.State is JobState.Completed or JobState.Cancelled or JobState.Failed)
                {
                    resuming.TryRemove(checkpointId, out _);
                }
            };
            if (job.IsFinished)
            {
                resuming.TryRemove(checkpointId, out _);
            }

            return job;
        }
        catch
        {
            resuming.TryRemove(checkpointId, out _);
            throw;
        }
    }
}
