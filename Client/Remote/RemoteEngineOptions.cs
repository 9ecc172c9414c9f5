using Microsoft.AspNetCore.Http.Connections;

namespace ExplainHub.Client.Remote;

/// <summary>How <see cref="RemoteEngine"/> reaches an engine host.</summary>
public sealed record RemoteEngineOptions
{
    public static readonly RemoteEngineOptions Default = new();

    /// <summary>How long connecting (negotiation, transport and SignalR handshake together) may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The transports SignalR may negotiate, best first: WebSockets, then server-sent events, then long polling.</summary>
    public HttpTransportType Transports { get; init; } =
        HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling;

    /// <summary>
    /// The engine key to present (a bearer token; SignalR puts it in the query for WebSockets, where browsers allow
    /// no headers), asked for at every connect and reconnect; null sends none.
    /// </summary>
    public Func<Task<string?>>? AccessTokenProvider { get; init; }

    /// <summary>The default options, presenting <paramref name="key"/> when there is one.</summary>
    public static RemoteEngineOptions WithKey(string? key) =>
        string.IsNullOrEmpty(key) ? Default : new RemoteEngineOptions { AccessTokenProvider = () => Task.FromResult<string?>(key) };
}
