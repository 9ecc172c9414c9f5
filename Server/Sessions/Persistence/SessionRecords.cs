namespace ExplainHub.Server.Sessions.Persistence;

// The rows EF Core maps. They are storage, not the domain: ReviewSessions turns them into the records pages use.

public sealed class SessionRecord
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The shared view as JSON (<see cref="SharedView"/>), with its per-field stamps, as last saved.</summary>
    public required string ViewJson { get; set; }

    public long ViewSequence { get; set; }
}

public sealed class ShareLinkRecord
{
    public Guid Id { get; set; }

    public Guid SessionId { get; set; }

    public SessionRole Role { get; set; }

    /// <summary>SHA-256 of the token; the token itself is shown once, when the link is made.</summary>
    public required byte[] TokenHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public bool Admits(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is not { } expires || expires > now);
}

public sealed class MembershipRecord
{
    public Guid Id { get; set; }

    public Guid SessionId { get; set; }

    public Guid LinkId { get; set; }

    public required string DisplayName { get; set; }

    public SessionRole Role { get; set; }

    public DateTimeOffset JoinedAt { get; set; }

    public DateTimeOffset? LeftAt { get; set; }
}

public sealed class CommentRecord
{
    public Guid Id { get; set; }

    public Guid SessionId { get; set; }

    /// <summary>Order of writing within the session (SQLite cannot order by a DateTimeOffset).</summary>
    public long Number { get; set; }

    public required string Author { get; set; }

    public required string Text { get; set; }

    public required string ImageKey { get; set; }

    public required string ModelId { get; set; }

    public required string Method { get; set; }

    public int X { get; set; }

    public int Y { get; set; }

    public int Width { get; set; }

    public int Height { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public string? ResolvedBy { get; set; }
}

public sealed class SnapshotRecord
{
    public Guid Id { get; set; }

    /// <summary>SHA-256 of the snapshot link's token, shown once when it is taken.</summary>
    public required byte[] TokenHash { get; set; }

    /// <summary>The review session it was taken in; null when taken on Compare alone.</summary>
    public Guid? SessionId { get; set; }

    public required string Title { get; set; }

    public required string TakenBy { get; set; }

    public DateTimeOffset TakenAt { get; set; }

    /// <summary>SHA-256 of the artifact file, checked when it is read back: a changed file is refused, not shown.</summary>
    public required byte[] ContentHash { get; set; }
}

public sealed class SessionUploadRecord
{
    public Guid Id { get; set; }

    public Guid SessionId { get; set; }

    /// <summary>1, 2, … within the session: the order members see uploads in (uploads in the same instant included).</summary>
    public int Number { get; set; }

    /// <summary>The file's name as shown to members (no folders, trimmed); the file on disk is named by <see cref="Id"/> only.</summary>
    public required string Name { get; set; }

    public int Width { get; set; }

    public int Height { get; set; }

    public long Bytes { get; set; }

    public required string UploadedBy { get; set; }

    public DateTimeOffset UploadedAt { get; set; }

    /// <summary>The image converted to the data set's shape, as the PNG data URL members see before choosing it.</summary>
    public required string PreviewDataUrl { get; set; }

    /// <summary>How it was converted ("made grey, resized to 28×28"), empty when it already had the data set's shape.</summary>
    public required string Conversion { get; set; }

    /// <summary>SHA-256 of the stored file, checked when it is read back.</summary>
    public required byte[] ContentHash { get; set; }
}
