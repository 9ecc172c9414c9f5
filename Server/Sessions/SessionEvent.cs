namespace ExplainHub.Server.Sessions;

/// <summary>Something every member of a session is told about; each member receives them in the order they happened.</summary>
public abstract record SessionEvent(Guid SessionId);

/// <summary>The shared view changed; members keep the one with the highest <see cref="SyncedView.Sequence"/>.</summary>
public sealed record ViewChanged(Guid SessionId, SyncedView View) : SessionEvent(SessionId);

public sealed record PresenceChanged(Guid SessionId, IReadOnlyList<PresentMember> Members) : SessionEvent(SessionId);

public sealed record CommentsChanged(Guid SessionId, IReadOnlyList<ReviewComment> Comments) : SessionEvent(SessionId);

/// <summary>One member (by public id) is out: their link was revoked or expired.</summary>
public sealed record MemberRemoved(Guid SessionId, Guid PublicId, string Reason) : SessionEvent(SessionId);
