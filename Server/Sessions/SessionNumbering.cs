namespace ExplainHub.Server.Sessions;

/// <summary>
/// The right to give the next number of a session's comments and uploads (<see cref="ReviewSessions.NumberingAsync"/>),
/// held by an authorised member until disposed.
/// </summary>
public sealed class SessionNumbering(Guid sessionId, string displayName, SemaphoreSlim numbering) : IDisposable
{
    private int _released;

    public Guid SessionId { get; } = sessionId;

    public string DisplayName { get; } = displayName;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            numbering.Release();
        }
    }
}
