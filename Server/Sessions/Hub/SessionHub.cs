using ExplainHub.Server.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace ExplainHub.Server.Sessions.Hub;

/// <summary>
/// Review sessions for programs (a script, the sessions benchmark): the same sessions, links and roles as the pages, on
/// SignalR at <c>/hubs/sessions</c>. A connection joins one session by a share link's token and acts as that member:
/// the token is the access (starting a session is the team's: <see cref="TeamAccess"/>), the role is checked by the session service at every call, and a refusal reaches the
/// caller as its plain reason. The member's session events are pushed to the connection until it leaves or drops.
/// </summary>
public sealed class SessionHub(ReviewSessions sessions, IHubContext<SessionHub, ISessionClient> hub) : Hub<ISessionClient>
{
    private const string MemberKey = "member";
    private const string SubscriptionKey = "subscription";

    /// <summary>
    /// Starts a session on <paramref name="view"/>, as the Compare page does: its two links' tokens come back once. The
    /// team's to do (the access key as the connection's bearer token where one is required); joining needs a link only.
    /// </summary>
    [Authorize(Policy = TeamAccess.Policy)]
    public Task<StartedSession> Start(string name, SharedView view) => Refusable(() => sessions.StartAsync(name, view));

    /// <summary>Joins by a share link's token; a connection is one member of one session.</summary>
    public async Task<JoinedSession> Join(string token, string displayName)
    {
        if (Context.Items.ContainsKey(MemberKey))
        {
            throw new HubException("This connection is already in a session; open another connection to join another.");
        }

        var state = await Refusable(() => sessions.JoinAsync(token, displayName));
        var connectionId = Context.ConnectionId;
        Context.Items[MemberKey] = state.Me.Id;
        Context.Items[SubscriptionKey] = sessions.Subscribe(state.Me.Id, e => PushAsync(connectionId, e));
        return new JoinedSession(state.SessionId, state.Name, state.Me.Role, state.Me.PublicId, state.View, state.Members, state.Comments);
    }

    public Task<SyncedView> EditView(ViewEdit edit) => Refusable(() => sessions.EditViewAsync(Member(), edit));

    public Task Follow(bool following) => Refusable(() =>
    {
        sessions.SetFollowing(Member(), following);
        return Task.CompletedTask;
    });

    public Task<ReviewComment> Comment(CommentAnchor anchor, string text) => Refusable(() => sessions.CommentAsync(Member(), anchor, text));

    public Task Resolve(Guid commentId) => Refusable(() => sessions.ResolveCommentAsync(Member(), commentId));

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.TryGetValue(SubscriptionKey, out var subscription))
        {
            (subscription as IDisposable)?.Dispose();
        }

        if (Context.Items.TryGetValue(MemberKey, out var joined) && joined is Guid member)
        {
            await sessions.LeaveAsync(member);
        }

        await base.OnDisconnectedAsync(exception);
    }

    private Guid Member() => Context.Items.TryGetValue(MemberKey, out var joined) && joined is Guid member
        ? member
        : throw new HubException("Join a session first: call Join with a share link's token.");

    private Task PushAsync(string connectionId, SessionEvent sessionEvent)
    {
        var client = hub.Clients.Client(connectionId);
        return sessionEvent switch
        {
            ViewChanged changed => client.ViewChanged(changed.View),
            PresenceChanged presence => client.PresenceChanged(presence.Members),
            CommentsChanged comments => client.CommentsChanged(comments.Comments),
            MemberRemoved removed => client.Removed(removed.PublicId, removed.Reason),
            _ => Task.CompletedTask,
        };
    }

    private static async Task<T> Refusable<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (SessionRefusedException e)
        {
            throw new HubException(e.Message);
        }
    }

    private static async Task Refusable(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (SessionRefusedException e)
        {
            throw new HubException(e.Message);
        }
    }
}

/// <summary>What a session hub connection is told, in the order it happened.</summary>
public interface ISessionClient
{
    Task ViewChanged(SyncedView view);

    Task PresenceChanged(IReadOnlyList<PresentMember> members);

    Task CommentsChanged(IReadOnlyList<ReviewComment> comments);

    /// <summary>A member (by public id) is out, with why; when it is this connection's member, it is out of the session.</summary>
    Task Removed(Guid publicId, string reason);
}

/// <summary>A session as a hub connection sees it on joining.</summary>
public sealed record JoinedSession(
    Guid SessionId,
    string Name,
    SessionRole Role,
    Guid PublicId,
    SyncedView View,
    IReadOnlyList<PresentMember> Members,
    IReadOnlyList<ReviewComment> Comments);
