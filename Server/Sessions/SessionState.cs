namespace ExplainHub.Server.Sessions;

/// <summary>A session as one member sees it on joining; later changes arrive as <see cref="SessionEvent"/>s.</summary>
public sealed record SessionState(
    Guid SessionId,
    string Name,
    SessionMember Me,
    SyncedView View,
    IReadOnlyList<PresentMember> Members,
    IReadOnlyList<ReviewComment> Comments);

/// <summary>A new session's two links; the only time the tokens exist outside the browser that holds them.</summary>
public sealed record StartedSession(Guid SessionId, string Name, string EditToken, string ReadToken);

/// <summary>A share link as its session's driver manages it: never the token, which the server does not keep.</summary>
public sealed record ShareLinkInfo(Guid Id, SessionRole Role, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, int MembersPresent);

/// <summary>A link made by a driver, with its token (shown once).</summary>
public sealed record IssuedLink(ShareLinkInfo Link, string Token);
