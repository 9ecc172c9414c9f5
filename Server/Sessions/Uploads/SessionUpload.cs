namespace ExplainHub.Server.Sessions.Uploads;

/// <summary>An image uploaded to a review session, as every member sees it listed.</summary>
public sealed record SessionUpload(
    Guid Id,
    string Name,
    int Width,
    int Height,
    long Bytes,
    string UploadedBy,
    DateTimeOffset UploadedAt,
    string PreviewDataUrl,
    string Conversion);

/// <summary>The session's uploads changed (one was added); members list them again.</summary>
public sealed record UploadsChanged(Guid SessionId, IReadOnlyList<SessionUpload> Uploads) : SessionEvent(SessionId);
