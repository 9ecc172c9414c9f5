using System.Globalization;
using ExplainHub.Shared;

namespace ExplainHub.Server.Layout;

/// <summary>What the app says when a job ends: one line, and whether it went wrong.</summary>
public sealed record JobNotice(string Text, bool Failed)
{
    public static JobNotice Of(JobInfo job)
    {
        var what = job switch
        {
            { Evaluation: not null } => "Evaluation",
            { Import: { } import } => $"Import of {import.Format}",
            { Sweep: { } sweep } => $"Sweep of {sweep.Base.ModelKind}",
            { Request: { } request } => $"Training of {request.ModelKind}",
            _ => "Job",
        };
        return job.State switch
        {
            JobState.Completed => new(what + " finished" + (job.Latest?.TestAccuracy is { } accuracy
                ? string.Create(CultureInfo.InvariantCulture, $": {accuracy * 100:0.0}% test accuracy") : "") + ".", false),
            JobState.Failed => new($"{what} failed: {job.Error ?? "no reason given"}", true),
            _ => new(what + " was cancelled.", false),
        };
    }
}
