namespace ExplainHub.Client.Remote;

/// <summary>Where a remote engine's connection stands, as a page or a CLI shows it.</summary>
public enum EngineConnectionState
{
    /// <summary>Not connected: before the first call, or after the host closed the connection (the next call reconnects).</summary>
    Disconnected,

    Connecting,

    Connected,

    /// <summary>The connection dropped; SignalR is trying again (0, 2, 10 and 30 s), calls fail as Unavailable meanwhile.</summary>
    Reconnecting,
}
