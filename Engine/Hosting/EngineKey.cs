using Microsoft.AspNetCore.Http;

namespace ExplainHub.Engine.Hosting;

/// <summary>The engine key as a hub request carries it, compared without leaking how much of it matched.</summary>
public static class EngineKey
{
    /// <summary>Environment variable a client (the CLI, a remote Server) reads its key from when configuration has none.</summary>
    public const string EnvironmentVariable = "EXPLAINHUB_ENGINE_KEY";

    public static byte[] Hash(string key) => ListeningKey.Hash(key);

    /// <summary>
    /// The bearer token of a request's Authorization header. SignalR's clients put it in an <c>access_token</c> query
    /// parameter only in browsers, which allow WebSockets no headers; the engine hub takes no calls from browsers, and a
    /// key in a URL ends up in access logs and proxies, so the query is not read.
    /// </summary>
    public static string? Presented(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : null;
    }

    /// <summary>Hashes first, so the comparison takes the same time whatever the lengths.</summary>
    public static bool Matches(string presented, byte[] expectedHash) => ListeningKey.Matches(presented, expectedHash);

    /// <summary>The file in the data folder that keeps a generated key.</summary>
    public const string FileName = "engine.key";

    /// <summary>
    /// The key a hub must require: the configured one; else, when any address it listens on is beyond loopback, the
    /// one kept in the data folder's <see cref="FileName"/> (<see cref="ListeningKey.ForListening"/>). Null when every
    /// address is loopback, none is configured and <paramref name="evenOnLoopback"/> is false.
    /// </summary>
    public static string? ForListening(string? configured, IEnumerable<string> urls, string dataDirectory, TextWriter announce, bool evenOnLoopback = false) =>
        ListeningKey.ForListening(configured, urls, dataDirectory, FileName, "The engine hub", EnvironmentVariable, announce, evenOnLoopback);

    /// <summary>Whether a listening URL reaches only this machine ("*", "+" and 0.0.0.0 reach every interface).</summary>
    public static bool IsLoopback(string url) => ListeningKey.IsLoopback(url);
}
