using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ExplainHub.Server.Sessions.Persistence;

// For `dotnet ef migrations add NAME --context SqliteReviewDbContext --output-dir Sessions/Persistence/Migrations/Sqlite`
// (and PostgresReviewDbContext ... /Postgres): the tools build the model from these; they never connect.

public sealed class SqliteReviewDbContextFactory : IDesignTimeDbContextFactory<SqliteReviewDbContext>
{
    public SqliteReviewDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteReviewDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

public sealed class PostgresReviewDbContextFactory : IDesignTimeDbContextFactory<PostgresReviewDbContext>
{
    public PostgresReviewDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresReviewDbContext>().UseNpgsql("Host=localhost;Database=design_time").Options);
}
