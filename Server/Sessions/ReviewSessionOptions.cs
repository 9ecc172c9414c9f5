using ExplainHub.Engine;
using ExplainHub.Shared;

namespace ExplainHub.Server.Sessions;

public enum SessionDatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>Where review sessions are kept; bound from the "Sessions" configuration section.</summary>
public sealed class ReviewSessionOptions
{
    public const string Section = "Sessions";

    public SessionDatabaseProvider Provider { get; set; } = SessionDatabaseProvider.Sqlite;

    /// <summary>
    /// The database. SQLite: empty means <c>sessions.db</c> in <see cref="DataDirectory"/>. PostgreSQL: an Npgsql
    /// connection string (ConnectionStrings:Sessions works too).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Uploads and snapshots of sessions go under its <c>sessions</c> folder. Default: the engine's data folder.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>How long a share link works when its maker gives no expiry; empty: until revoked.</summary>
    public TimeSpan? DefaultLinkLifetime { get; set; }

    /// <summary>Largest file a session accepts (bytes); the engine never takes more than <see cref="UploadLimits.MaxBytes"/>.</summary>
    public int MaxUploadBytes { get; set; } = UploadLimits.MaxBytes;

    /// <summary>Most pixels (width × height) of an image a session accepts; default 4096×4096.</summary>
    public long MaxUploadPixels { get; set; } = UploadLimits.MaxPixels;

    /// <summary>Most images one session keeps.</summary>
    public int MaxUploadsPerSession { get; set; } = 50;

    /// <summary>Largest snapshot kept, compressed (bytes): a grid of many large maps is refused rather than filling the disk.</summary>
    public int MaxSnapshotBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Most upload attempts one session makes in a minute (a sliding window).</summary>
    public int MaxUploadsPerMinute { get; set; } = 20;

    public string ResolveDataDirectory() =>
        Path.Combine(new EngineOptions { DataDirectory = DataDirectory }.ResolveDataDirectory(), "sessions");

    public string ResolveConnectionString() => Provider switch
    {
        SessionDatabaseProvider.Sqlite when string.IsNullOrWhiteSpace(ConnectionString) =>
            $"Data Source={Path.Combine(ResolveDataDirectory(), "sessions.db")}",
        _ when !string.IsNullOrWhiteSpace(ConnectionString) => ConnectionString,
        _ => throw new InvalidOperationException("Sessions:Provider is PostgreSql but no Sessions:ConnectionString (or ConnectionStrings:Sessions) is set."),
    };
}
