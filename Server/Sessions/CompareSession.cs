using ExplainHub.Server.Compare;
using ExplainHub.Server.Sessions.Snapshots;
using ExplainHub.Server.Sessions.Uploads;
using ExplainHub.Shared;
using ExplainHub.Server.Training;

namespace ExplainHub.Server.Sessions;

/// <summary>
/// One Compare page in a review session: it joins, shows the session's view in the page's grid, sends the member's
/// own changes to the session while they follow it, and keeps presence and comments current. A follower who branches
/// off keeps getting the session's view in the background and returns to it with <see cref="FollowAsync"/>.
/// </summary>
public sealed class CompareSession(ReviewSessions sessions, SessionUploads uploads, CompareViewState compare, IViewHost host) : IAsyncDisposable
{
    // Views are taken one at a time, in session order: the join's first view, then each change, then coming back.
    private readonly SemaphoreSlim _applying = new(1, 1);
    private IDisposable? _subscription;
    private Guid _memberId;
    private long _applied = -1;

    public SessionState? State { get; private set; }

    public bool IsJoined => State is not null && RemovedBecause is null;

    public SessionMember? Me { get; private set; }

    public bool CanEdit => Me?.CanEdit == true;

    public bool IsDriver => Members.Any(m => m.Id == Me?.PublicId && m.IsDriver);

    public bool IsFollowing => Me?.IsFollowing != false;

    /// <summary>The session's view, whether or not this page shows it now.</summary>
    public SyncedView? View { get; private set; }

    public IReadOnlyList<PresentMember> Members { get; private set; } = [];

    public IReadOnlyList<ReviewComment> Comments { get; private set; } = [];

    /// <summary>The images uploaded to the session, oldest first.</summary>
    public IReadOnlyList<SessionUpload> Uploads { get; private set; } = [];

    /// <summary>Why this page was put out of the session (its link revoked or expired); then it is no longer in.</summary>
    public string? RemovedBecause { get; private set; }

    public PresentMember? Driver => Members.FirstOrDefault(m => m.IsDriver);

    /// <summary>Joins by <paramref name="token"/> and shows the session's view.</summary>
    public async Task JoinAsync(string token, string displayName)
    {
        var state = await sessions.JoinAsync(token, displayName);
        try
        {
            State = state;
            Me = state.Me;
            _memberId = state.Me.Id;
            Members = state.Members;
            Comments = state.Comments;
            View = state.View;
            _applied = state.View.Sequence;
            Uploads = await uploads.ListAsync(_memberId);
            compare.SessionUpload = OpenUploadAsync;
            await _applying.WaitAsync();
            try
            {
                _subscription = sessions.Subscribe(_memberId, e => host.InvokeAsync(() => OnEventAsync(e)));
                await compare.InitializeAsync(state.View.View);
            }
            finally
            {
                _applying.Release();
            }
        }
        catch
        {
            // A page that fails to show the session never holds it, so nothing would ever take this member out: a
            // member present forever, who could even be handed the driving.
            _subscription?.Dispose();
            _subscription = null;
            State = null;
            await sessions.LeaveAsync(state.Me.Id);
            throw;
        }
    }

    /// <summary>
    /// Sends the page's <paramref name="fields"/> to the session after the member changed them; nothing when branched
    /// off (the change is theirs alone) or read-only.
    /// </summary>
    public async Task ShareAsync(params ViewField[] fields)
    {
        if (!IsJoined || !CanEdit || !IsFollowing)
        {
            return;
        }

        // Only what differs from the session's view goes out: a second share of a settled change is no edit at all.
        var proposed = compare.ToSharedView();
        var changed = View is { } current ? fields.Where(f => !current.View.SameAs(f, proposed)).ToArray() : fields;
        if (changed.Length == 0)
        {
            return;
        }

        try
        {
            var view = await sessions.EditViewAsync(_memberId, new ViewEdit(changed, proposed));
            if (view.Sequence > (View?.Sequence ?? -1))
            {
                View = view;
                _applied = Math.Max(_applied, view.Sequence);
            }
        }
        catch (SessionRefusedException e)
        {
            host.ShowError(e.Message);
        }
    }

    /// <summary>Branches off (false) or comes back to the session's view (true).</summary>
    public async Task FollowAsync(bool following)
    {
        if (!IsJoined)
        {
            return;
        }

        sessions.SetFollowing(_memberId, following);
        Me = Me! with { IsFollowing = following };
        if (following && View is { } view)
        {
            await TakeAsync(view);
        }
    }

    public void HandOver(Guid toPublicId) => Refusable(() => sessions.HandOver(_memberId, toPublicId));

    public Task CommentAsync(CommentAnchor anchor, string text) => RefusableAsync(() => sessions.CommentAsync(_memberId, anchor, text));

    public Task ResolveAsync(Guid commentId) => RefusableAsync(() => sessions.ResolveCommentAsync(_memberId, commentId));

    public async Task<IReadOnlyList<ShareLinkInfo>> LinksAsync()
    {
        try
        {
            return await sessions.LinksAsync(_memberId);
        }
        catch (SessionRefusedException e)
        {
            host.ShowError(e.Message);
            return [];
        }
    }

    public async Task<IssuedLink?> CreateLinkAsync(SessionRole role, TimeSpan? lifetime)
    {
        try
        {
            return await sessions.CreateLinkAsync(_memberId, role, lifetime);
        }
        catch (SessionRefusedException e)
        {
            host.ShowError(e.Message);
            return null;
        }
    }

    /// <summary>Keeps what the grid shows as a read-only snapshot of the session; editors only.</summary>
    public async Task<TakenSnapshot?> SnapshotAsync(SnapshotStore snapshots, CompareSnapshot content, string title)
    {
        try
        {
            return await snapshots.TakeAsync(_memberId, content, title);
        }
        catch (SessionRefusedException e)
        {
            host.ShowError(e.Message);
            return null;
        }
    }

    /// <summary>Uploads an image to the session (editors) and shows it, shared as the session's image when following.</summary>
    public async Task UploadAsync(string clientName, byte[] content)
    {
        if (compare.Dataset is not { } dataset)
        {
            return;
        }

        try
        {
            var upload = await uploads.AddAsync(_memberId, dataset, clientName, content);
            Uploads = [.. Uploads.Where(u => u.Id != upload.Id), upload];
            await ShowUploadAsync(upload.Id);
        }
        catch (SessionRefusedException e)
        {
            host.ShowError(e.Message);
        }
    }

    /// <summary>Shows one of the session's uploads on this page, shared (as soon as the page holds it) when following as an editor.</summary>
    public async Task ShowUploadAsync(Guid uploadId)
    {
        if (await OpenUploadAsync(uploadId) is { } image)
        {
            var showing = compare.ShowSessionUploadAsync(uploadId, image);
            await ShareAsync(ViewField.Image);
            await showing;
        }
    }

    private async Task<UploadedImage?> OpenUploadAsync(Guid uploadId)
    {
        try
        {
            return await uploads.OpenAsync(_memberId, uploadId);
        }
        catch (SessionRefusedException e)
        {
            host.ShowError(e.Message);
            return null;
        }
    }

    public Task RevokeAsync(Guid linkId) => RefusableAsync(() => sessions.RevokeLinkAsync(_memberId, linkId));

    /// <summary>The open comments pinned to one tile of the image shown now.</summary>
    public IEnumerable<ReviewComment> CommentsOn(string imageKey, TileRef tile) =>
        Comments.Where(c => !c.IsResolved && c.Anchor.IsOn(imageKey, tile));

    /// <summary>"changed by Ada" for a field someone changed, else null.</summary>
    public string? ChangedBy(ViewField field) => View?.StampOf(field) is { } stamp ? $"changed by {stamp.Author}" : null;

    private async Task OnEventAsync(SessionEvent sessionEvent)
    {
        switch (sessionEvent)
        {
            case ViewChanged changed when changed.View.Sequence > (View?.Sequence ?? -1):
                View = changed.View;
                if (IsFollowing)
                {
                    await TakeAsync(changed.View);
                }

                break;
            case PresenceChanged presence:
                Members = presence.Members;
                if (presence.Members.FirstOrDefault(m => m.Id == Me?.PublicId) is { } mine)
                {
                    Me = Me! with { IsDriver = mine.IsDriver, IsFollowing = mine.IsFollowing };
                }

                break;
            case CommentsChanged comments:
                Comments = comments.Comments;
                break;
            case UploadsChanged changed:
                Uploads = changed.Uploads;
                break;
            case MemberRemoved removed when removed.PublicId == Me?.PublicId:
                RemovedBecause = removed.Reason;
                _subscription?.Dispose();
                _subscription = null;
                break;
        }

        host.Changed();
    }

    private async Task TakeAsync(SyncedView view)
    {
        await _applying.WaitAsync();
        try
        {
            if (view.Sequence > _applied || !IsFollowingAlready(view))
            {
                _applied = Math.Max(_applied, view.Sequence);
                await compare.ApplyViewAsync(view.View);
            }
        }
        finally
        {
            _applying.Release();
        }
    }

    // Coming back after branching off takes the session's view even if no change happened since.
    private bool IsFollowingAlready(SyncedView view)
    {
        var mine = compare.ToSharedView();
        return Enum.GetValues<ViewField>().All(f => mine.SameAs(f, view.View));
    }

    private void Refusable(Action action)
    {
        try
        {
            action();
        }
        catch (SessionRefusedException e)
        {
            host.ShowError(e.Message);
        }
    }

    private async Task RefusableAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (SessionRefusedException e)
        {
            host.ShowError(e.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        _subscription = null;
        _applying.Dispose();
        if (State is not null && RemovedBecause is null)
        {
            await sessions.LeaveAsync(_memberId);
        }
    }
}
