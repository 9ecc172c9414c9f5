namespace ExplainHub.Server.Training;

/// <summary>Where the page's training run stands, as the buttons and the status line need it.</summary>
public enum TrainingStatus
{
    Idle,
    Starting,
    Running,
    Stopping,
    Completed,
    Cancelled,
    Failed,
}
