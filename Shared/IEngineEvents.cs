namespace ExplainHub.Shared;

/// <summary>Server-to-client pushes of the engine hub: anyone connected learns of job state changes.</summary>
public interface IEngineEvents
{
    Task JobChanged(JobInfo job);
}
