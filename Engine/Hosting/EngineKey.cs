using System.Net;
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
    public static bool Matches(string presented, byte[] expectedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(presented), expectedHash);

    /// <summary>The file in the data folder that keeps a generated key.</summary>
    public const string FileName = "engine.key";

    /// <summary>
    /// The key a hub must require: the configured one; else, when any address it listens on is beyond loopback, the
    /// one kept in the data folder — made on first start from 256 bits of a CSPRNG, stored readable by its owner only,
    /// and announced once so it can be given to clients. Null when every address is loopback and none is configured.
    /// </summary>
    public static string? ForListening(string? configured, IEnumerable<string> urls, string dataDirectory, TextWriter announce)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        if (urls.All(IsLoopback))
        {
            return null;
        }

        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } kept)
        {
            // A key others could read may have been read: the owner decides whether to make it private or replace it.
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & OthersAccess) != 0)
            {
                throw new InvalidOperationException(
                    $"The engine key file {path} can be read by other users of this machine; make it private (chmod 600 '{path}') or delete it to have a new key made.");
            }

            return kept;
        }

        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Directory.CreateDirectory(dataDirectory);
        var temporary = path + ".tmp";
        File.Delete(temporary); // a leftover would keep its own permissions
        if (OperatingSystem.IsWindows())
        {
            File.WriteAllText(temporary, key);
        }
        else
        {
            using var file = new FileStream(temporary, new FileStreamOptions
            {
                Mode = FileMode.Create,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
            file.Write(Encoding.UTF8.GetBytes(key));
        }

        File.Move(temporary, path, overwrite: true);
        announce.WriteLine($"The engine hub listens beyond loopback and needs a key; a new one is kept in {path}:");
        announce.WriteLine($"  {EnvironmentVariable}={key}");
        return key;
    }

    private const UnixFileMode OthersAccess = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>Whether a listening URL reaches only this machine ("*", "+" and 0.0.0.0 reach every interface).</summary>
    public static bool IsLoopback(string url)
    {
        var normalised = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalised, UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.IsLoopback || IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}
