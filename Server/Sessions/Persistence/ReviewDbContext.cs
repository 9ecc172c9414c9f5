using ExplainHub.Server.Sessions.Uploads;
using Microsoft.EntityFrameworkCore;

namespace ExplainHub.Server.Sessions.Persistence;

/// <summary>
/// Review sessions, share-link hashes, memberships, comments, uploads' metadata and snapshots. One model for both providers; each provider has its
/// own migrations (<see cref="SqliteReviewDbContext"/>, <see cref="PostgresReviewDbContext"/>), applied at start.
/// </summary>
public abstract class ReviewDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<SessionRecord> Sessions => Set<SessionRecord>();

    public DbSet<ShareLinkRecord> ShareLinks => Set<ShareLinkRecord>();

    public DbSet<MembershipRecord> Memberships => Set<MembershipRecord>();

    public DbSet<CommentRecord> Comments => Set<CommentRecord>();

    public DbSet<SnapshotRecord> Snapshots => Set<SnapshotRecord>();

    public DbSet<SessionUploadRecord> Uploads => Set<SessionUploadRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SessionRecord>(session =>
        {
            session.ToTable("Sessions");
            session.Property(s => s.Name).HasMaxLength(200);
        });
        modelBuilder.Entity<ShareLinkRecord>(link =>
        {
            link.ToTable("ShareLinks");
            link.HasIndex(l => l.TokenHash).IsUnique();
            link.HasIndex(l => l.SessionId);
            link.Property(l => l.TokenHash).HasMaxLength(32);
            link.HasOne<SessionRecord>().WithMany().HasForeignKey(l => l.SessionId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<MembershipRecord>(membership =>
        {
            membership.ToTable("Memberships");
            membership.HasIndex(m => m.SessionId);
            membership.Property(m => m.DisplayName).HasMaxLength(SessionMember.MaxNameLength);
            membership.HasOne<SessionRecord>().WithMany().HasForeignKey(m => m.SessionId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<CommentRecord>(comment =>
        {
            comment.ToTable("Comments");
            comment.HasIndex(c => new { c.SessionId, c.Number });
            comment.Property(c => c.Text).HasMaxLength(ReviewComment.MaxLength);
            comment.Property(c => c.Author).HasMaxLength(SessionMember.MaxNameLength);
            comment.HasOne<SessionRecord>().WithMany().HasForeignKey(c => c.SessionId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<SessionUploadRecord>(upload =>
        {
            upload.ToTable("Uploads");
            upload.HasIndex(u => new { u.SessionId, u.Number });
            upload.Property(u => u.Name).HasMaxLength(SessionUploadRules.MaxNameLength);
            upload.Property(u => u.UploadedBy).HasMaxLength(SessionMember.MaxNameLength);
            upload.Property(u => u.Conversion).HasMaxLength(500);
            upload.Property(u => u.ContentHash).HasMaxLength(32);
            upload.HasOne<SessionRecord>().WithMany().HasForeignKey(u => u.SessionId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<SnapshotRecord>(snapshot =>
        {
            // Snapshots outlive their session: one is a permanent, read-only record of what was seen.
            snapshot.ToTable("Snapshots");
            snapshot.HasIndex(s => s.TokenHash).IsUnique();
            snapshot.Property(s => s.TokenHash).HasMaxLength(32);
            snapshot.Property(s => s.ContentHash).HasMaxLength(32);
            snapshot.Property(s => s.Title).HasMaxLength(200);
            snapshot.Property(s => s.TakenBy).HasMaxLength(SessionMember.MaxNameLength);
        });
    }
}

/// <summary>The default store: a SQLite file in the data folder.</summary>
public sealed class SqliteReviewDbContext(DbContextOptions<SqliteReviewDbContext> options) : ReviewDbContext(options);

/// <summary>PostgreSQL through Npgsql, chosen by <c>Sessions:Provider=PostgreSql</c>.</summary>
public sealed class PostgresReviewDbContext(DbContextOptions<PostgresReviewDbContext> options) : ReviewDbContext(options);
