using ExplainHub.Shared;

namespace ExplainHub.Server.Training;

/// <summary>One training job on the Train page: what it trains, where it stands, and its curves so far.</summary>
public sealed class TrainJobCard(JobInfo job)
{
    public JobInfo Job { get; internal set; } = job;

    public string Id => Job.Id;

    public TrainingProgress? Latest { get; internal set; } = job.Latest;

    public TrainingCurves Curves { get; } = new();

    public bool IsActive => Job.State is JobState.Queued or JobState.Running;

    public bool IsNetwork => Job.Request is { } request && ModelKinds.IsNetwork(request.ModelKind);

    public string Title => Job.Request is { } request
        ? $"{request.ModelKind} on {request.DatasetId}" + (request.TrainSubset is { } n ? $" · {n:N0} images" : "")
        : Job.Id;

    public string ProgressLine => Latest is null
        ? (Job.State == JobState.Queued ? "waiting for the engine" : "starting…")
        : IsNetwork ? ProgressFormatting.Describe(Latest) : ProgressFormatting.DescribeClassical(Latest);

    public double Fraction => Job.State == JobState.Completed ? 1 : Latest is null ? 0 : ProgressFormatting.OverallFraction(Latest);

    internal void Fold(TrainingProgress progress)
    {
        Latest = progress;
        Curves.Fold(progress);
    }
}
