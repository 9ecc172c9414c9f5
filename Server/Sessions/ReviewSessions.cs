using System.Collections.Concurrent;
using System.Text.Json;
using ExplainHub.Server.Sessions.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ExplainHub.Server.Sessions;

/// <summary>
/// Every review session of this server: starting them, joining by share link, the shared view and its edits,
/// presence and driving, comments, links and their revocation. Each entry point takes the caller's member handle and
/// checks their role and link before doing anything; the pages and the session hub call nothing else.
/// </summary>
public sealed class ReviewSessions(ReviewDatabase database, IOptions<ReviewSessionOptions> options, TimeProvider clock, ILogger<ReviewSessions>? logger = null)
    : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ConcurrentDictionary<Guid, LiveSession> _live = new();
    private readonly ConcurrentDictionary<Guid, LiveSession> _sessionOfMember = new();
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly ConcurrentDictionary<Guid, ITimer> _expiries = new();

    // Held while a comment or an upload takes its session's next number and is stored: two at once would read the same
    // highest number. Per session id, not per loaded session, which is let go when its last member leaves (a write of
    // theirs may still be under way when the next member loads it again). Async, as the database write is under it.
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _numbering = new();
    private readonly ILogger _logger = logger ?? NullLogger<ReviewSessions>.Instance;

    /// <summary>Sessions with someone in them now.</summary>
    public int LiveCount => _live.Count;

    /// <summary>A new session with its edit and read-only links; whoever starts it then joins with the edit link.</summary>
    public async Task<StartedSession> StartAsync(string name, SharedView view, TimeSpan? linkLifetime = null)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length is 0 or > 200)
        {
            throw new SessionRefusedException("A session's name has 1 to 200 characters.");
        }

        if (view is null)
        {
            throw new SessionRefusedException("A session starts from a view of the Compare page.");
        }

        if (Enum.GetValues<ViewField>().Select(view.Problem).FirstOrDefault(p => p is not null) is { } problem)
        {
            throw new SessionRefusedException(problem);
        }

        var now = clock.GetUtcNow();
        var session = new SessionRecord { Id = Guid.NewGuid(), Name = trimmed, CreatedAt = now, ViewJson = Serialize(SyncedView.Initial(view)) };
        var (editLink, editToken) = NewLink(session.Id, SessionRole.Editor, now, linkLifetime);
        var (readLink, readToken) = NewLink(session.Id, SessionRole.Reader, now, linkLifetime);
        await using (var db = database.Open())
        {
            db.Sessions.Add(session);
            db.ShareLinks.AddRange(editLink, readLink);
            await db.SaveChangesAsync();
        }

        _logger.LogInformation("Review session {Session} started", session.Id);
        return new StartedSession(session.Id, trimmed, editToken, readToken);
    }

    /// <summary>Joins the session <paramref name="token"/> opens, with the role of its link; the first editor present drives.</summary>
    public async Task<SessionState> JoinAsync(string token, string displayName)
    {
        var name = SessionMember.CheckName(displayName);
        if (!ShareToken.IsWellFormed(token))
        {
            throw SessionRefusedException.LinkNotValid();
        }

        var hash = ShareToken.Hash(token);
        var now = clock.GetUtcNow();
        ShareLinkRecord? link;
        await using (var db = database.Open())
        {
            link = await db.ShareLinks.AsNoTracking().FirstOrDefaultAsync(l => l.TokenHash == hash);
        }

        if (link is null || !ShareToken.Matches(link.TokenHash, token) || !link.Admits(now))
        {
            throw SessionRefusedException.LinkNotValid();
        }

        var member = new SessionMember(Guid.NewGuid(), Guid.NewGuid(), link.SessionId, link.Id, name, link.Role, now, link.ExpiresAt);
        SessionState? state = null;
        while (state is null)
        {
            var live = await LiveAsync(link.SessionId);
            state = Enter(live, member);
        }

        await using (var db = database.Open())
        {
            db.Memberships.Add(new MembershipRecord
            {
                Id = member.Id, SessionId = link.SessionId, LinkId = link.Id, DisplayName = name, Role = link.Role, JoinedAt = now,
            });
            await db.SaveChangesAsync();
        }

        return state;
    }

    /// <summary>Adds the member, unless the last one left and unloaded the session meanwhile (then null: load it again).</summary>
    private SessionState? Enter(LiveSession live, SessionMember member)
    {
        lock (live.Gate)
        {
            if (!_live.TryGetValue(live.Id, out var current) || !ReferenceEquals(current, live))
            {
                return null;
            }

            // The link was checked before the session was loaded; a revocation may have come in between.
            if (live.RevokedLinks.Contains(member.LinkId))
            {
                throw SessionRefusedException.LinkNotValid();
            }

            if (member.CanEdit && !live.Members.Any(m => m.IsDriver))
            {
                member = member with { IsDriver = true };
            }

            live.Members.Add(member);
            _sessionOfMember[member.Id] = live;
            if (member.LinkExpiresAt is { } expires)
            {
                // Out when the link expires, whether or not they act: a reader may only ever watch.
                ArmExpiry(member.Id, expires);
            }

            live.Publish(new PresenceChanged(live.Id, live.Present()));
            return new SessionState(live.Id, live.Name, member, live.View, live.Present(), live.Comments.ToArray());
        }
    }

    /// <summary>The member's session's events, in order, until the subscription is disposed.</summary>
    public IDisposable Subscribe(Guid memberId, Func<SessionEvent, Task> handler) =>
        Member(memberId).Live.Subscribe(memberId, handler) ?? throw NoLongerIn();

    /// <summary>Changes the shared view; only an editor who follows it can, and an invalid value refuses the whole edit.</summary>
    public async Task<SyncedView> EditViewAsync(Guid memberId, ViewEdit edit)
    {
        var (live, member) = Authorize(memberId, SessionRole.Editor, "change the shared view");
        if (!member.IsFollowing)
        {
            throw new SessionRefusedException("You are looking elsewhere: follow the session again to change the shared view.");
        }

        SyncedView view;
        lock (live.Gate)
        {
            view = live.View.Apply(edit, member.DisplayName);
            if (view.Sequence == live.View.Sequence)
            {
                return view;
            }

            live.View = view;
            live.Publish(new ViewChanged(live.Id, view));
        }

        await using var db = database.Open();
        var json = Serialize(view);
        // Saves run outside the session's lock, so two may finish out of order: the older never overwrites the newer.
        await db.Sessions.Where(s => s.Id == live.Id && s.ViewSequence < view.Sequence)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ViewJson, json).SetProperty(r => r.ViewSequence, view.Sequence));
        return view;
    }

    /// <summary>Follows the shared view again (true) or branches off to look elsewhere (false); anyone may.</summary>
    public void SetFollowing(Guid memberId, bool following)
    {
        var (live, member) = Authorize(memberId, SessionRole.Reader, "follow");
        Update(live, member with { IsFollowing = following });
    }

    /// <summary>The driver hands driving to another editor present.</summary>
    public void HandOver(Guid memberId, Guid toPublicId)
    {
        var (live, member) = Authorize(memberId, SessionRole.Editor, "hand over driving");
        lock (live.Gate)
        {
            if (!live.Members.Any(m => m.Id == memberId && m.IsDriver))
            {
                throw new SessionRefusedException("Only the driver can hand over.");
            }

            var index = live.Members.FindIndex(m => m.PublicId == toPublicId);
            if (index < 0 || !live.Members[index].CanEdit)
            {
                throw new SessionRefusedException("Driving goes to someone present with an edit link.");
            }

            live.Members[index] = live.Members[index] with { IsDriver = true };
            var mine = live.Members.FindIndex(m => m.Id == member.Id);
            live.Members[mine] = live.Members[mine] with { IsDriver = false };
            live.Publish(new PresenceChanged(live.Id, live.Present()));
        }
    }

    public async Task<ReviewComment> CommentAsync(Guid memberId, CommentAnchor anchor, string text)
    {
        var (live, member) = Authorize(memberId, SessionRole.Editor, "comment");
        var checkedText = ReviewComment.CheckText(text);
        if (anchor is null)
        {
            throw new SessionRefusedException("A comment is pinned to an image, a model and a function.");
        }

        if (anchor.Problem() is { } problem)
        {
            throw new SessionRefusedException(problem);
        }

        using var numbering = await HoldNumberingAsync(live, member);

        // Stamped under the numbering too, so the numbers, the times and the list everyone sees share one order.
        var comment = new ReviewComment(Guid.NewGuid(), member.DisplayName, checkedText, anchor, clock.GetUtcNow());
        await using (var db = database.Open())
        {
            var number = await db.Comments.Where(c => c.SessionId == live.Id).Select(c => (long?)c.Number).MaxAsync() ?? 0;
            db.Comments.Add(new CommentRecord
            {
                Id = comment.Id, SessionId = live.Id, Number = number + 1, Author = comment.Author, Text = comment.Text,
                ImageKey = anchor.ImageKey, ModelId = anchor.ModelId, Method = anchor.Method,
                X = anchor.X, Y = anchor.Y, Width = anchor.Width, Height = anchor.Height, CreatedAt = comment.CreatedAt,
            });
            await db.SaveChangesAsync();
        }

        lock (live.Gate)
        {
            live.Comments.Add(comment);
            live.Publish(new CommentsChanged(live.Id, live.Comments.ToArray()));
        }

        return comment;
    }

    public async Task ResolveCommentAsync(Guid memberId, Guid commentId)
    {
        var (live, member) = Authorize(memberId, SessionRole.Editor, "resolve comments");
        var now = clock.GetUtcNow();
        await using (var db = database.Open())
        {
            var updated = await db.Comments.Where(c => c.Id == commentId && c.SessionId == live.Id && c.ResolvedAt == null)
                .ExecuteUpdateAsync(c => c.SetProperty(r => r.ResolvedAt, now).SetProperty(r => r.ResolvedBy, member.DisplayName));
            if (updated == 0)
            {
                throw new SessionRefusedException("No open comment of this session has that id.");
            }
        }

        lock (live.Gate)
        {
            var index = live.Comments.FindIndex(c => c.Id == commentId);
            if (index >= 0)
            {
                live.Comments[index] = live.Comments[index] with { ResolvedAt = now, ResolvedBy = member.DisplayName };
            }

            live.Publish(new CommentsChanged(live.Id, live.Comments.ToArray()));
        }
    }

    /// <summary>The session's links, for its driver to manage.</summary>
    public async Task<IReadOnlyList<ShareLinkInfo>> LinksAsync(Guid memberId)
    {
        var (live, _) = AuthorizeDriver(memberId, "see the session's links");
        await using var db = database.Open();
        var links = await db.ShareLinks.AsNoTracking().Where(l => l.SessionId == live.Id).ToListAsync();
        lock (live.Gate)
        {
            return links.OrderBy(l => l.Role).ThenBy(l => l.CreatedAt.UtcTicks)
                .Select(l => Info(l, live.Members.Count(m => m.LinkId == l.Id))).ToArray();
        }
    }

    /// <summary>A new link to the driver's session; its token is in the result and nowhere else.</summary>
    public async Task<IssuedLink> CreateLinkAsync(Guid memberId, SessionRole role, TimeSpan? lifetime)
    {
        var (live, _) = AuthorizeDriver(memberId, "make links");
        if (lifetime is { } span && (span <= TimeSpan.Zero || span > TimeSpan.FromDays(366)))
        {
            throw new SessionRefusedException("A link lasts between a moment and a year.");
        }

        var (link, token) = NewLink(live.Id, role, clock.GetUtcNow(), lifetime);
        await using var db = database.Open();
        db.ShareLinks.Add(link);
        await db.SaveChangesAsync();
        return new IssuedLink(Info(link, 0), token);
    }

    /// <summary>Revokes a link of the driver's session: it opens nothing from now on, and whoever came in by it is out at once.</summary>
    public async Task RevokeLinkAsync(Guid memberId, Guid linkId)
    {
        var (live, member) = AuthorizeDriver(memberId, "revoke links");
        if (member.LinkId == linkId)
        {
            throw new SessionRefusedException("That is the link you are in by: hand over driving first, or make another link.");
        }

        var now = clock.GetUtcNow();
        await using (var db = database.Open())
        {
            var updated = await db.ShareLinks.Where(l => l.Id == linkId && l.SessionId == live.Id && l.RevokedAt == null)
                .ExecuteUpdateAsync(l => l.SetProperty(r => r.RevokedAt, now));
            if (updated == 0)
            {
                throw new SessionRefusedException("No live link of this session has that id.");
            }
        }

        lock (live.Gate)
        {
            live.RevokedLinks.Add(linkId);
        }

        RemoveWhere(live, m => m.LinkId == linkId, "The link you came in by was revoked.");
    }

    // A timer's due time is bounded (about 49 days) and a link may last a year: wake at least daily and look again.
    private static readonly TimeSpan LongestExpiryWait = TimeSpan.FromDays(1);

    private void ArmExpiry(Guid memberId, DateTimeOffset expires)
    {
        var due = expires - clock.GetUtcNow();
        var wait = due <= TimeSpan.Zero ? TimeSpan.Zero : due < LongestExpiryWait ? due : LongestExpiryWait;
        var timer = clock.CreateTimer(_ => Expire(memberId, expires), null, wait, Timeout.InfiniteTimeSpan);
        _expiries.AddOrUpdate(memberId, timer, (_, earlier) =>
        {
            earlier.Dispose();
            return timer;
        });
    }

    private void Expire(Guid memberId, DateTimeOffset expires)
    {
        if (!_sessionOfMember.TryGetValue(memberId, out var live))
        {
            return;
        }

        if (clock.GetUtcNow() < expires)
        {
            ArmExpiry(memberId, expires);
            return;
        }

        RemoveWhere(live, m => m.Id == memberId, "The link you came in by has expired.");
    }

    /// <summary>The member is gone (tab closed, hub disconnected); driving passes to the editor present longest.</summary>
    public async Task LeaveAsync(Guid memberId)
    {
        if (!_sessionOfMember.TryGetValue(memberId, out var live))
        {
            return;
        }

        RemoveWhere(live, m => m.Id == memberId, null);
        await using var db = database.Open();
        var now = clock.GetUtcNow();
        await db.Memberships.Where(m => m.Id == memberId).ExecuteUpdateAsync(m => m.SetProperty(r => r.LeftAt, now));
    }

    private void RemoveWhere(LiveSession live, Func<SessionMember, bool> leaving, string? reason)
    {
        lock (live.Gate)
        {
            var gone = live.Members.Where(leaving).ToArray();
            if (gone.Length == 0)
            {
                return;
            }

            foreach (var member in gone)
            {
                live.Members.Remove(member);
                _sessionOfMember.TryRemove(member.Id, out _);
                if (_expiries.TryRemove(member.Id, out var expiry))
                {
                    expiry.Dispose();
                }

                if (reason is not null)
                {
                    live.Publish(new MemberRemoved(live.Id, member.PublicId, reason));
                }

                // Whoever is out hears that, and nothing the session does after it.
                live.EndSubscriptions(member.Id);
            }

            if (!live.Members.Any(m => m.IsDriver) && live.Members.FindIndex(m => m.CanEdit) is var next and >= 0)
            {
                live.Members[next] = live.Members[next] with { IsDriver = true };
            }

            live.Publish(new PresenceChanged(live.Id, live.Present()));
            if (live.Members.Count == 0)
            {
                // Nobody is in it: its state is in the database, and the next join loads it again.
                _live.TryRemove(new KeyValuePair<Guid, LiveSession>(live.Id, live));
            }
        }
    }

    private void Update(LiveSession live, SessionMember member)
    {
        lock (live.Gate)
        {
            var index = live.Members.FindIndex(m => m.Id == member.Id);
            if (index >= 0)
            {
                live.Members[index] = member with { IsDriver = live.Members[index].IsDriver };
                live.Publish(new PresenceChanged(live.Id, live.Present()));
            }
        }
    }

    /// <summary>
    /// The session and display name of a member whose role is enough to <paramref name="what"/>; refused otherwise.
    /// For the services beside this one (snapshots, uploads) that act on a member's behalf.
    /// </summary>
    public (Guid SessionId, string DisplayName) Authorized(Guid memberId, SessionRole needed, string what)
    {
        var (live, member) = Authorize(memberId, needed, what);
        return (live.Id, member.DisplayName);
    }

    /// <summary>
    /// As <see cref="Authorized"/>, then waits until no other comment or upload of the member's session is taking
    /// its next number, and holds that numbering until the result is disposed.
    /// </summary>
    public async Task<SessionNumbering> NumberingAsync(Guid memberId, SessionRole needed, string what)
    {
        var (live, member) = Authorize(memberId, needed, what);
        return await HoldNumberingAsync(live, member);
    }

    private async Task<SessionNumbering> HoldNumberingAsync(LiveSession live, SessionMember member)
    {
        var numbering = _numbering.GetOrAdd(live.Id, _ => new SemaphoreSlim(1, 1));
        await numbering.WaitAsync();
        return new SessionNumbering(live.Id, member.DisplayName, numbering);
    }

    /// <summary>Tells every member of a live session; a session nobody is in has nobody to tell.</summary>
    public void Publish(SessionEvent sessionEvent)
    {
        if (_live.TryGetValue(sessionEvent.SessionId, out var live))
        {
            lock (live.Gate)
            {
                live.Publish(sessionEvent);
            }
        }
    }

    private (LiveSession Live, SessionMember Member) AuthorizeDriver(Guid memberId, string what)
    {
        var (live, member) = Authorize(memberId, SessionRole.Editor, what);
        return member.IsDriver ? (live, member) : throw new SessionRefusedException($"Only the session's driver can {what}.");
    }

    /// <summary>The member as they are now, if still in, their link still valid, and their role enough for <paramref name="what"/>.</summary>
    private (LiveSession Live, SessionMember Member) Authorize(Guid memberId, SessionRole needed, string what)
    {
        var (live, member) = Member(memberId);
        if (member.LinkExpiresAt is { } expires && expires <= clock.GetUtcNow())
        {
            RemoveWhere(live, m => m.Id == memberId, "The link you came in by has expired.");
            throw SessionRefusedException.LinkNotValid();
        }

        return member.Role >= needed ? (live, member) : throw SessionRefusedException.ReadOnly(what);
    }

    private (LiveSession Live, SessionMember Member) Member(Guid memberId)
    {
        if (_sessionOfMember.TryGetValue(memberId, out var live))
        {
            lock (live.Gate)
            {
                if (live.Members.FirstOrDefault(m => m.Id == memberId) is { } member)
                {
                    return (live, member);
                }
            }
        }

        throw NoLongerIn();
    }

    private static SessionRefusedException NoLongerIn() => new("You are no longer in this session: open its link again.");

    private async Task<LiveSession> LiveAsync(Guid sessionId)
    {
        if (_live.TryGetValue(sessionId, out var live))
        {
            return live;
        }

        await _loading.WaitAsync();
        try
        {
            if (_live.TryGetValue(sessionId, out live))
            {
                return live;
            }

            await using var db = database.Open();
            var record = await db.Sessions.AsNoTracking().FirstAsync(s => s.Id == sessionId);
            var comments = await db.Comments.AsNoTracking().Where(c => c.SessionId == sessionId).OrderBy(c => c.Number).ToListAsync();
            live = new LiveSession(record.Id, record.Name, Deserialize(record.ViewJson), comments.Select(c => new ReviewComment(
                c.Id, c.Author, c.Text, new CommentAnchor(c.ImageKey, c.ModelId, c.Method, c.X, c.Y, c.Width, c.Height),
                c.CreatedAt, c.ResolvedAt, c.ResolvedBy)));
            live.RevokedLinks.UnionWith(await db.ShareLinks.AsNoTracking().Where(l => l.SessionId == sessionId && l.RevokedAt != null).Select(l => l.Id).ToListAsync());
            _live[sessionId] = live;
            return live;
        }
        finally
        {
            _loading.Release();
        }
    }

    private (ShareLinkRecord Link, string Token) NewLink(Guid sessionId, SessionRole role, DateTimeOffset now, TimeSpan? lifetime)
    {
        var token = ShareToken.New();
        var expires = (lifetime ?? options.Value.DefaultLinkLifetime) is { } span ? now + span : (DateTimeOffset?)null;
        return (new ShareLinkRecord
        {
            Id = Guid.NewGuid(), SessionId = sessionId, Role = role, TokenHash = ShareToken.Hash(token), CreatedAt = now, ExpiresAt = expires,
        }, token);
    }

    private static ShareLinkInfo Info(ShareLinkRecord link, int present) =>
        new(link.Id, link.Role, link.CreatedAt, link.ExpiresAt, link.RevokedAt, present);

    private sealed record StoredView(SharedView View, long Sequence, Dictionary<ViewField, FieldStamp> Stamps);

    private static string Serialize(SyncedView view) =>
        JsonSerializer.Serialize(new StoredView(view.View, view.Sequence, new Dictionary<ViewField, FieldStamp>(view.Stamps)), Json);

    private static SyncedView Deserialize(string json) =>
        JsonSerializer.Deserialize<StoredView>(json, Json) is { } stored
            ? new SyncedView(stored.View, stored.Sequence, stored.Stamps)
            : SyncedView.Initial(new SharedView());

    public void Dispose()
    {
        foreach (var expiry in _expiries.Values)
        {
            expiry.Dispose();
        }

        _loading.Dispose();
        foreach (var numbering in _numbering.Values)
        {
            numbering.Dispose();
        }
    }
}
