using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace ExplainHub.Engine.Hosting;

/// <summary>The engine key as a hub request carries it, compared without leaking how much of it matched.</summary>
public static class EngineKey
{
    /// <summary>Environment variable a client (the CLI, a remote Server) reads its key from when configuration has none.</summary>
    public const string EnvironmentVariable = "EXPLAINHUB_ENGINE_KEY";

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>The bearer token of a request: the Authorization header, or <c>access_token</c> in the query, where
    /// SignalR puts it for WebSockets and server-sent events (browsers allow them no headers).</summary>
    public static string? Presented(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return header["Bearer ".Length..];
        }

        var query = request.Query["access_token"].ToString();
        return query.Length > 0 ? query : null;
    }

    /// <summary>Hashes first, so the comparison takes the same time whatever the lengths.</summary>
    public static bool Matches(string presented, byte[] expectedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(presented), expectedHash);
}
