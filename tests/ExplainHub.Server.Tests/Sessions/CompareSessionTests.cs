using ExplainHub.Engine.Imaging;
using ExplainHub.Server.Compare;
using ExplainHub.Server.Sessions;
using ExplainHub.Server.Tests.Fakes;
using ExplainHub.Shared;

namespace ExplainHub.Server.Tests.Sessions;

/// <summary>
/// Two Compare pages in one review session, each with its own view state and UI thread, over the real session service
/// and a real SQLite file: what one member does reaches the other's grid, and what a member may not do changes nothing.
/// </summary>
public sealed class CompareSessionTests : IAsyncLifetime, IDisposable
{
    private readonly FakeEngine _engine = new();
    private readonly ExplanationCache _cache;
    private readonly List<IAsyncDisposable> _pages = [];
    private SessionTestBed _bed = null!;

    public CompareSessionTests()
    {
        _cache = new ExplanationCache(_engine);
        _engine.AddNetworkAndSvm();
    }

    public async Task InitializeAsync() => _bed = await SessionTestBed.CreateAsync();

    [Fact]
    public async Task AnEditorsChange_ReachesAFollowersGrid_WithWhoMadeIt()
    {
        var (ada, started) = await StartAsync("Ada");
        var bob = await JoinAsync(started.ReadToken, "Bob");

        Assert.Equal(ada.State.Image?.Key, bob.State.Image?.Key);
        Assert.Equal(ada.State.SelectedModels, bob.State.SelectedModels);
        Assert.Equal(3, bob.State.ReadyCount);

        await ChangeAsync(ada, () => ada.State.SelectImageAsync(DatasetSplit.Test, 7), ViewField.Image);

        // The view arrives on Bob's UI thread and his grid fills in after it: both are waited for, not assumed.
        await Eventually.True(
            () => bob.State.Image?.Index == 7 && bob.State is { IsComputing: false, ReadyCount: 3 } && bob.State.Tiles.All(t => t.Map is null || t.Map.Index == 7),
            "Bob's grid to show test image 7's maps");
        Assert.Equal("changed by Ada", bob.Session.ChangedBy(ViewField.Image));
        Assert.Null(bob.Session.ChangedBy(ViewField.Models));
    }

    [Fact]
    public async Task AReadersChange_StaysTheirs_AndNothingTheyDoReachesTheSession()
    {
        var (ada, started) = await StartAsync("Ada");
        var bob = await JoinAsync(started.ReadToken, "Bob");

        await ChangeAsync(bob, () => bob.State.SelectImageAsync(DatasetSplit.Test, 3), ViewField.Image);
        await bob.Session.CommentAsync(new CommentAnchor(bob.State.Image!.Key, "net", ExplanationMethods.Cam, 0, 0, 2, 2), "mine");

        Assert.Equal(0, bob.Session.View!.Sequence);
        Assert.Equal(0, ada.State.Image?.Index);
        Assert.Empty(ada.Session.Comments);
        Assert.Contains(bob.Host.Errors, e => e.Contains("read-only", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task AFollowerWhoBranchesOff_KeepsTheirOwnView_AndComesBackToTheSessionsInOneStep()
    {
        var (ada, started) = await StartAsync("Ada");
        var eve = await JoinAsync(started.EditToken, "Eve");

        await eve.Session.FollowAsync(false);
        await ChangeAsync(eve, () => eve.State.SelectImageAsync(DatasetSplit.Test, 5), ViewField.Image);
        await ChangeAsync(ada, () => ada.State.SelectModelsAsync(["svm"]), ViewField.Models, ViewField.Methods);

        await Eventually.True(() => eve.Session.View?.View.Models.SequenceEqual(["svm"]) == true, "Eve to hear of Ada's models");
        Assert.Equal(["net", "svm"], eve.State.SelectedModels);
        Assert.Equal(5, eve.State.Image?.Index);
        Assert.Equal(0, ada.State.Image?.Index);
        Assert.Contains(ada.Session.Members, m => m.DisplayName == "Eve" && !m.IsFollowing);

        await eve.Session.FollowAsync(true);
        await eve.State.Showing;

        Assert.Equal(["svm"], eve.State.SelectedModels);
        Assert.Equal(0, eve.State.Image?.Index);
        Assert.Equal(1, eve.State.ReadyCount);
        await Eventually.True(() => ada.Session.Members.All(m => m.IsFollowing), "Ada to see Eve follow again");
    }

    [Fact]
    public async Task TheEnlargedTile_AndTheStyle_Follow_WithoutComputingTheMapsAgain()
    {
        var (ada, started) = await StartAsync("Ada");
        var bob = await JoinAsync(started.ReadToken, "Bob");
        var requests = _engine.ExplainRequests.Count;

        var occlusion = ada.State.Tiles.Single(t => t.ModelId == "svm" && t.Method == ExplanationMethods.Occlusion);
        ada.State.Enlarge(occlusion);
        await ada.Session.ShareAsync(ViewField.Enlarged);
        Assert.NotEqual("inferno", bob.State.Style.ColorMap);
        ada.State.SetStyle("inferno", 0.3);
        await ada.Session.ShareAsync(ViewField.ColorMap, ViewField.Opacity);

        await Eventually.True(() => bob.State.Style == new HeatmapStyle("inferno", 0.3), "Bob's page to take the colour map and opacity");
        Assert.Equal(new TileRef("svm", ExplanationMethods.Occlusion), bob.State.EnlargedTile);
        Assert.Equal(("svm", ExplanationMethods.Occlusion), (bob.State.Enlarged?.ModelId, bob.State.Enlarged?.Method));
        Assert.Equal(requests, _engine.ExplainRequests.Count);
    }

    [Fact]
    public async Task AComment_ShowsOnTheTileItIsPinnedTo_ForEveryMember_UntilResolved()
    {
        var (ada, started) = await StartAsync("Ada");
        var bob = await JoinAsync(started.ReadToken, "Bob");
        var imageKey = ada.State.Image!.Key;

        await ada.Session.CommentAsync(new CommentAnchor(imageKey, "net", ExplanationMethods.Cam, 3, 4, 5, 6), "why the collar?");

        await Eventually.True(() => bob.Session.Comments.Count == 1, "Bob to get Ada's comment");
        var pinned = Assert.Single(bob.Session.CommentsOn(imageKey, new TileRef("net", ExplanationMethods.Cam)));
        Assert.Equal(("Ada", "why the collar?", 3, 4, 5, 6), (pinned.Author, pinned.Text, pinned.Anchor.X, pinned.Anchor.Y, pinned.Anchor.Width, pinned.Anchor.Height));
        Assert.Empty(bob.Session.CommentsOn(imageKey, new TileRef("net", ExplanationMethods.Occlusion)));
        Assert.Empty(bob.Session.CommentsOn("fashion-mnist/test/1", new TileRef("net", ExplanationMethods.Cam)));

        await ada.Session.ResolveAsync(pinned.Id);

        await Eventually.True(() => !bob.Session.CommentsOn(imageKey, new TileRef("net", ExplanationMethods.Cam)).Any(), "the resolved comment to leave the tile");
    }

    [Fact]
    public async Task AnEditorsUpload_ReachesEveryMember_AndBecomesTheSessionsImage()
    {
        var (ada, started) = await StartAsync("Ada");
        var bob = await JoinAsync(started.ReadToken, "Bob");
        var rgb = new byte[56 * 56 * 3];
        rgb.AsSpan(0, rgb.Length / 2).Fill(230);

        await ada.Session.UploadAsync("C:\\photos\\square.png", ImageCodec.Encode(rgb, 56, 56, 3));

        Assert.Empty(ada.Host.Errors);
        var upload = Assert.Single(ada.Session.Uploads);
        await Eventually.True(() => bob.Session.Uploads.Count == 1, "Bob to see the session's upload");
        await Eventually.True(
            () => bob.State.Image?.SessionUploadId == upload.Id && bob.State is { IsComputing: false, ReadyCount: 3 },
            "Bob's grid to show the upload's maps");
        Assert.Equal("upload 'square.png'", bob.State.Image!.Description);
        Assert.Equal(ViewImage.OfUpload(upload.Id), bob.Session.View!.View.Image);
        Assert.Equal(ada.State.Image!.Key, bob.State.Image.Key);
        Assert.Contains(_engine.ExplainRequests, r => r.Uploads is [{ Name: "square.png" }]);
        Assert.Equal("changed by Ada", bob.Session.ChangedBy(ViewField.Image));
    }

    [Fact]
    public async Task RevokingALink_PutsItsMembersOut_AndTheirPageSaysWhy()
    {
        var (ada, started) = await StartAsync("Ada");
        var bob = await JoinAsync(started.ReadToken, "Bob");
        var readLink = (await ada.Session.LinksAsync()).Single(l => l.Role == SessionRole.Reader);

        await ada.Session.RevokeAsync(readLink.Id);

        await Eventually.True(() => bob.Session.RemovedBecause is not null, "Bob to be put out");
        Assert.False(bob.Session.IsJoined);
        Assert.Contains("revoked", bob.Session.RemovedBecause, StringComparison.OrdinalIgnoreCase);
        await Eventually.True(() => ada.Session.Members.Count == 1, "Ada to see Bob gone");
        await Assert.ThrowsAsync<SessionRefusedException>(() => _bed.Sessions.JoinAsync(started.ReadToken, "Bob again"));
    }

    [Fact]
    public async Task APageThatFailsToShowTheSession_LeavesIt_InsteadOfStayingAMemberForever()
    {
        var (_, started) = await StartAsync("Ada");
        _engine.MethodsOf = _ => throw new InvalidOperationException("the engine broke");
        var bob = NewPage();

        await Assert.ThrowsAsync<InvalidOperationException>(() => bob.Session.JoinAsync(started.EditToken, "Bob"));

        Assert.False(bob.Session.IsJoined);
        var cy = await _bed.Sessions.JoinAsync(started.ReadToken, "Cy");
        Assert.Equal(["Ada", "Cy"], cy.Members.Select(m => m.DisplayName).Order());
    }

    private async Task<(Page Page, StartedSession Started)> StartAsync(string name)
    {
        var page = NewPage();
        await page.State.InitializeAsync();
        var started = await _bed.Sessions.StartAsync("review", page.State.ToSharedView());
        await page.Session.JoinAsync(started.EditToken, name);
        return (page, started);
    }

    private async Task<Page> JoinAsync(string token, string name)
    {
        var page = NewPage();
        await page.Session.JoinAsync(token, name);
        await page.State.Showing;
        return page;
    }

    /// <summary>What Compare.razor does with a member's change: share it as soon as the page holds it, then once more when settled.</summary>
    private static async Task ChangeAsync(Page page, Func<Task> change, params ViewField[] fields)
    {
        var changing = change();
        await page.Session.ShareAsync(fields);
        await changing;
        await page.Session.ShareAsync(fields);
    }

    private Page NewPage()
    {
        var host = new TestViewHost();
        var state = new CompareViewState(_engine, _cache, host);
        var page = new Page(host, state, new CompareSession(_bed.Sessions, _bed.NewUploads(), state, host));
        _pages.Add(page);
        return page;
    }

    public async Task DisposeAsync()
    {
        foreach (var page in _pages)
        {
            await page.DisposeAsync();
        }

        await _bed.DisposeAsync();
    }

    public void Dispose() => _cache.Dispose();

    private sealed record Page(TestViewHost Host, CompareViewState State, CompareSession Session) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Session.DisposeAsync();
            await State.DisposeAsync();
            Host.Dispose();
        }
    }
}
