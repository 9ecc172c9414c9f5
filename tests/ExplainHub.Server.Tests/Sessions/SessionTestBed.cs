using System.Collections.Concurrent;
using ExplainHub.Server.Sessions;
using ExplainHub.Server.Sessions.Persistence;
using ExplainHub.Server.Tests.Fakes;
using ExplainHub.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ExplainHub.Server.Tests.Sessions;

/// <summary>Review sessions over a real SQLite file in a folder of their own; <see cref="Restart"/> is a new server on the same file.</summary>
public sealed class SessionTestBed : IAsyncDisposable
{
    private readonly List<IDisposable> _subscriptions = [];

    private SessionTestBed(string folder, ReviewDatabase database, ManualTimeProvider clock)
    {
        Folder = folder;
        Database = database;
        Clock = clock;
        Sessions = new ReviewSessions(database, Options.Create(new ReviewSessionOptions { DataDirectory = folder }), clock);
    }

    public string Folder { get; }

    public ReviewDatabase Database { get; }

    public ManualTimeProvider Clock { get; }

    public ReviewSessions Sessions { get; private set; }

    public static SharedView AView { get; } = new()
    {
        DatasetId = "fashion-mnist", Image = new ViewImage(DatasetSplit.Test, 0), Models = ["svm"], Methods = ["hadamard"],
    };

    public static async Task<SessionTestBed> CreateAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "explainhub-sessions-" + Guid.NewGuid().ToString("N"));
        var database = new ReviewDatabase(Options.Create(new ReviewSessionOptions { DataDirectory = folder }));
        await database.MigrateAsync();
        return new SessionTestBed(folder, database, new ManualTimeProvider());
    }

    /// <summary>A new <see cref="ReviewSessions"/> on the same database: what a server restart leaves.</summary>
    public void Restart()
    {
        Sessions.Dispose();
        Sessions = new ReviewSessions(Database, Options.Create(new ReviewSessionOptions { DataDirectory = Folder }), Clock);
    }

    /// <summary>Everything the member's session tells them, as it arrives.</summary>
    public ConcurrentQueue<SessionEvent> Listen(SessionState member)
    {
        var events = new ConcurrentQueue<SessionEvent>();
        _subscriptions.Add(Sessions.Subscribe(member.Me.Id, e =>
        {
            events.Enqueue(e);
            return Task.CompletedTask;
        }));
        return events;
    }

    public async ValueTask DisposeAsync()
    {
        _subscriptions.ForEach(s => s.Dispose());
        Sessions.Dispose();
        SqliteConnection.ClearAllPools();
        await Task.Yield();
        Directory.Delete(Folder, recursive: true);
    }
}
