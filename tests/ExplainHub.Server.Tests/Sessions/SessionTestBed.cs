using System.Collections.Concurrent;
using System.Text;
using ExplainHub.Server.Sessions;
using ExplainHub.Server.Sessions.Persistence;
using ExplainHub.Server.Sessions.Snapshots;
using ExplainHub.Server.Sessions.Uploads;
using ExplainHub.Server.Tests.Fakes;
using ExplainHub.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ExplainHub.Server.Tests.Sessions;

/// <summary>
/// Review sessions over a real database: a SQLite file in a folder of their own, or a PostgreSQL database of their own;
/// <see cref="Restart"/> is a new server on the same database.
/// </summary>
public sealed class SessionTestBed : IAsyncDisposable
{
    private readonly List<IDisposable> _disposables = [];
    private readonly ReviewSessionOptions _options;

    private SessionTestBed(string folder, ReviewSessionOptions options, ReviewDatabase database, ManualTimeProvider clock)
    {
        Folder = folder;
        _options = options;
        Database = database;
        Clock = clock;
        Sessions = new ReviewSessions(database, Options.Create(options), clock);
    }

    public string Folder { get; }

    public ReviewDatabase Database { get; }

    public ManualTimeProvider Clock { get; }

    public ReviewSessions Sessions { get; private set; }

    public static SharedView AView { get; } = new()
    {
        DatasetId = "fashion-mnist", Image = new ViewImage(DatasetSplit.Test, 0), Models = ["svm"], Methods = ["hadamard"],
    };

    /// <summary>On SQLite (the default), or on PostgreSQL when given a connection string to an empty database.</summary>
    public static async Task<SessionTestBed> CreateAsync(string? postgres = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "explainhub-sessions-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var options = postgres is null
            ? new ReviewSessionOptions { DataDirectory = folder }
            : new ReviewSessionOptions { DataDirectory = folder, Provider = SessionDatabaseProvider.PostgreSql, ConnectionString = postgres };
        var database = new ReviewDatabase(Options.Create(options));
        await database.MigrateAsync();
        return new SessionTestBed(folder, options, database, new ManualTimeProvider());
    }

    /// <summary>Whether these bytes are anywhere in what the database keeps: the SQLite files byte by byte, or every PostgreSQL row.</summary>
    public async Task<bool> StoresAsync(byte[] bytes)
    {
        if (_options.Provider == SessionDatabaseProvider.Sqlite)
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    var stored = Directory.GetFiles(Folder, "sessions.db*", SearchOption.AllDirectories).SelectMany(File.ReadAllBytes).ToArray();
                    Assert.NotEmpty(stored);
                    return stored.AsSpan().IndexOf(bytes) >= 0;
                }
                catch (FileNotFoundException) when (attempt < 5)
                {
                    // The write-ahead log went away between listing and reading (its last connection closed): its pages
                    // are in the database file by then, so the files are read again.
                }
            }
        }

        // Rows as PostgreSQL writes them as text: bytea as \x and lowercase hex, text as itself.
        var dump = new StringBuilder();
        await using var connection = new NpgsqlConnection(_options.ConnectionString);
        await connection.OpenAsync();
        foreach (var table in new[] { "Sessions", "ShareLinks", "Memberships", "Comments", "Snapshots", "Uploads" })
        {
            await using var select = new NpgsqlCommand($"SELECT t::text FROM \"{table}\" t", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                dump.Append(reader.GetString(0));
            }
        }

        Assert.True(dump.Length > 0);
        var text = dump.ToString();
        return text.Contains(Encoding.UTF8.GetString(bytes), StringComparison.Ordinal) || text.Contains(Convert.ToHexStringLower(bytes), StringComparison.Ordinal);
    }

    /// <summary>Snapshots kept in this bed's database and folder, as the current <see cref="Sessions"/> authorises them.</summary>
    public SnapshotStore NewSnapshotStore(Action<ReviewSessionOptions>? limits = null)
    {
        limits?.Invoke(_options);
        return new SnapshotStore(Database, Sessions, Options.Create(_options), Clock);
    }

    /// <summary>Session uploads kept in this bed's database and folder, with <paramref name="limits"/> changed as a configuration would.</summary>
    public SessionUploads NewUploads(Action<ReviewSessionOptions>? limits = null)
    {
        limits?.Invoke(_options);
        var uploads = new SessionUploads(Database, Sessions, Options.Create(_options), Clock);
        _disposables.Add(uploads);
        return uploads;
    }

    /// <summary>A new <see cref="ReviewSessions"/> on the same database: what a server restart leaves.</summary>
    public void Restart()
    {
        Sessions.Dispose();
        Sessions = new ReviewSessions(Database, Options.Create(_options), Clock);
    }

    /// <summary>Everything the member's session tells them, as it arrives.</summary>
    public ConcurrentQueue<SessionEvent> Listen(SessionState member)
    {
        var events = new ConcurrentQueue<SessionEvent>();
        _disposables.Add(Sessions.Subscribe(member.Me.Id, e =>
        {
            events.Enqueue(e);
            return Task.CompletedTask;
        }));
        return events;
    }

    public async ValueTask DisposeAsync()
    {
        _disposables.ForEach(s => s.Dispose());
        Sessions.Dispose();
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        await Task.Yield();
        Directory.Delete(Folder, recursive: true);
    }
}
