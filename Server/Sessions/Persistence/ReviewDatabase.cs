using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExplainHub.Server.Sessions.Persistence;

/// <summary>Opens a context on the configured provider; migrates the schema once, at start.</summary>
public sealed class ReviewDatabase(IOptions<ReviewSessionOptions> options)
{
    private readonly ReviewSessionOptions _options = options.Value;

    public ReviewDbContext Open() => _options.Provider switch
    {
        SessionDatabaseProvider.PostgreSql => new PostgresReviewDbContext(new DbContextOptionsBuilder<PostgresReviewDbContext>()
            .UseNpgsql(_options.ResolveConnectionString()).Options),
        _ => new SqliteReviewDbContext(new DbContextOptionsBuilder<SqliteReviewDbContext>()
            .UseSqlite(_options.ResolveConnectionString()).Options),
    };

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        if (_options.Provider == SessionDatabaseProvider.Sqlite)
        {
            Directory.CreateDirectory(_options.ResolveDataDirectory());
        }

        await using var context = Open();
        await context.Database.MigrateAsync(cancellationToken);
    }
}
