using System.Security.Claims;
using System.Security.Cryptography;
using ExplainHub.Engine;
using ExplainHub.Engine.Hosting;

namespace ExplainHub.Server.Access;

/// <summary>
/// Who may use the app's own pages, downloads and session starts. Where the app listens on loopback only and no key is
/// set, everyone who reaches it (this machine's users), as the engine hub does; otherwise the team: a browser signed in
/// at /signin with the access key (a cookie), or a program that sends the key as its bearer token. Review-session and
/// snapshot links are access of their own and need no sign-in: a link is meant for people outside the team.
/// </summary>
public sealed class TeamAccess
{
    /// <summary>The authorization policy of everything that is the team's.</summary>
    public const string Policy = "team";

    public const string Section = "Access";

    public const string EnvironmentVariable = "EXPLAINHUB_ACCESS_KEY";

    /// <summary>The file in the data folder that keeps a generated key.</summary>
    public const string FileName = "access.key";

    /// <summary>The claim a member carries: which key it signed in with, by fingerprint, so a changed key signs everyone out.</summary>
    internal const string MemberClaim = "explainhub:team-key";

    private readonly byte[]? _hash;

    public TeamAccess(string? key)
    {
        if (!string.IsNullOrEmpty(key))
        {
            _hash = ListeningKey.Hash(key);
            Fingerprint = Convert.ToHexString(SHA256.HashData(_hash)[..8]);
        }
    }

    /// <summary>No key: everyone is a member (an app on loopback only).</summary>
    public static TeamAccess Open { get; } = new(null);

    public bool Required => _hash is not null;

    internal string? Fingerprint { get; }

    /// <summary>Whether <paramref name="presented"/> is the key, compared in constant time; false where none is required.</summary>
    public bool Matches(string presented) => _hash is not null && ListeningKey.Matches(presented, _hash);

    public bool IsMember(ClaimsPrincipal? user) => !Required || user?.HasClaim(MemberClaim, Fingerprint!) == true;

    /// <summary>The principal of someone who presented the key.</summary>
    internal ClaimsPrincipal Member(string authenticationScheme) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, "team member"), new Claim(MemberClaim, Fingerprint ?? "")], authenticationScheme));

    /// <summary>
    /// The access the configuration asks for: <c>Access:Key</c> (or <see cref="EnvironmentVariable"/>); else, when the
    /// app listens beyond loopback, a key kept in the data folder (made and announced on first start); else open.
    /// </summary>
    public static TeamAccess FromConfiguration(IConfiguration configuration, string defaultUrl, TextWriter announce) =>
        FromConfiguration(configuration, defaultUrl, announce, Environment.GetEnvironmentVariable(EnvironmentVariable));

    internal static TeamAccess FromConfiguration(IConfiguration configuration, string defaultUrl, TextWriter announce, string? environmentKey)
    {
        var configured = configuration[$"{Section}:Key"] is { Length: > 0 } key ? key : environmentKey;
        var dataDirectory = new EngineOptions { DataDirectory = configuration[$"{EngineOptions.Section}:{nameof(EngineOptions.DataDirectory)}"] }
            .ResolveDataDirectory();
        var urls = ListeningKey.ListeningUrls(configuration, defaultUrl);
        var access = new TeamAccess(ListeningKey.ForListening(configured, urls, dataDirectory, FileName,
            "The web app (sign in at /signin)", EnvironmentVariable, announce));
        if (urls.Any(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !ListeningKey.IsLoopback(u)))
        {
            // Fine behind a proxy that adds TLS; otherwise whoever can watch the network can read the key.
            announce.WriteLine("warning: the web app listens beyond loopback over plain http: the access key and the sign-in cookie travel " +
                "unencrypted unless a proxy in front adds TLS (then set ASPNETCORE_FORWARDEDHEADERS_ENABLED=true so the cookie is marked Secure).");
        }

        return access;
    }
}
