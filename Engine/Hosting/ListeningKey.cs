using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace ExplainHub.Engine.Hosting;

/// <summary>
/// A key a host requires once it listens beyond loopback: the engine hub's (<see cref="EngineKey"/>) and the web app's
/// sign-in key. Made on first start from 256 bits of a CSPRNG, kept readable by its owner only in the data folder, and
/// announced once so it can be handed on.
/// </summary>
public static class ListeningKey
{
    /// <summary>
    /// The key to require: the configured one; else, when any address is beyond loopback (or
    /// <paramref name="evenOnLoopback"/>), the one kept in
    /// <paramref name="dataDirectory"/>/<paramref name="fileName"/> (made now if there is none). Null when every address
    /// is loopback and none is configured.
    /// </summary>
    /// <param name="purpose">What needs the key, for the announcement ("The engine hub").</param>
    /// <param name="environmentVariable">Where clients read the key from, shown in the announcement.</param>
    /// <param name="evenOnLoopback">Require one on loopback too (a reverse proxy may pass anyone to it).</param>
    public static string? ForListening(
        string? configured, IEnumerable<string> urls, string dataDirectory, string fileName, string purpose, string environmentVariable, TextWriter announce,
        bool evenOnLoopback = false)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        if (!evenOnLoopback && urls.All(IsLoopback))
        {
            return null;
        }

        var path = Path.Combine(dataDirectory, fileName);
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } kept)
        {
            // A key others could read may have been read: the owner decides whether to make it private or replace it.
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & OthersAccess) != 0)
            {
                throw new InvalidOperationException(
                    $"The key file {path} can be read by other users of this machine; make it private (chmod 600 '{path}') or delete it to have a new key made.");
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
        announce.WriteLine($"{purpose} needs a key{(evenOnLoopback ? "" : " (it listens beyond loopback)")}; a new one is kept in {path}:");
        announce.WriteLine($"  {environmentVariable}={key}");
        return key;
    }

    /// <summary>
    /// The addresses a host will listen on: <c>urls</c> (ASPNETCORE_URLS, --urls) and Kestrel's endpoints, else
    /// <paramref name="defaultUrl"/>.
    /// </summary>
    public static IReadOnlyList<string> ListeningUrls(IConfiguration configuration, string defaultUrl)
    {
        var urls = (configuration["urls"] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>())
            .ToList();
        return urls.Count == 0 ? [defaultUrl] : urls;
    }

    /// <summary>SHA-256 of the key: compared instead of the key, so the comparison takes the same time whatever the lengths.</summary>
    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>Whether <paramref name="presented"/> is the key whose hash is <paramref name="expectedHash"/>, in constant time.</summary>
    public static bool Matches(string presented, byte[] expectedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(presented), expectedHash);

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
