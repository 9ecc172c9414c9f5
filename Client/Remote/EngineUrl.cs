using ExplainHub.Engine.Hosting;
using ExplainHub.Shared;

namespace ExplainHub.Client.Remote;

/// <summary>Where the engine hub listens, from what a person types: http(s) and ws(s), with or without the hub path.</summary>
public static class EngineUrl
{
    /// <summary>
    /// The hub's http(s) address, where SignalR negotiates its transport (WebSockets, else server-sent events, else
    /// long polling): ws and wss are taken as http and https, and a bare host gets the engine host's default hub path.
    /// </summary>
    /// <exception cref="EngineException">Kind <see cref="EngineErrorKind.InvalidRequest"/> for anything else.</exception>
    public static Uri ToHubUri(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            throw Invalid(url.OriginalString);
        }

        var scheme = url.Scheme switch
        {
            "http" or "ws" => "http",
            "https" or "wss" => "https",
            _ => throw Invalid(url.OriginalString),
        };

        var builder = new UriBuilder(url) { Scheme = scheme, Port = url.IsDefaultPort ? -1 : url.Port };
        if (builder.Path is "" or "/")
        {
            builder.Path = EngineHubEndpoints.DefaultPath;
        }

        return builder.Uri;
    }

    /// <summary>
    /// Why talking to the engine at <paramref name="url"/> is unsafe, or null: plain http (or ws) to a host beyond
    /// loopback carries the engine key, which such a host always requires, and every image in the clear.
    /// </summary>
    public static string? InTheClear(Uri url) =>
        url.IsAbsoluteUri && url.Scheme is "http" or "ws" && !url.IsLoopback
            ? $"the engine at {url.Host} is reached over plain HTTP: its key and every image cross the network unencrypted. "
              + "Put TLS in front of the engine host and use https://, or tunnel to its loopback (ssh -L 5090:127.0.0.1:5090)."
            : null;

    /// <summary>Parses text (a command-line argument, a configuration value) as an engine URL.</summary>
    public static Uri Parse(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url))
        {
            throw Invalid(text);
        }

        return ToHubUri(url);
    }

    private static EngineException Invalid(string text) => new(
        EngineErrorKind.InvalidRequest,
        $"'{text}' is not an engine URL; expected http://host:port[/path] or ws://host:port[/path] (https/wss for TLS).");
}
