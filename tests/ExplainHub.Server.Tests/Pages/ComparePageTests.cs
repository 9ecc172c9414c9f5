using Bunit;
using ExplainHub.Server.Sessions;
using ExplainHub.Server.Tests.Sessions;
using ExplainHub.Shared;
using Microsoft.Extensions.DependencyInjection;
using ComparePage = ExplainHub.Server.Components.Pages.Compare;
using SnapshotPage = ExplainHub.Server.Components.Pages.Snapshot;

namespace ExplainHub.Server.Tests.Pages;

public sealed class ComparePageTests : ComponentTest
{
    private SessionTestBed _sessions = null!;

    public override async Task InitializeAsync()
    {
        _sessions = await SessionTestBed.CreateAsync();
        Context.Services.AddSingleton(_sessions.Sessions);
        Context.Services.AddSingleton(_sessions.NewSnapshotStore());
        Context.Services.AddSingleton(_sessions.NewUploads());
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _sessions.DisposeAsync();
    }

    [Fact]
    public void WithoutModels_ThePageSaysWhatToDoNext()
    {
        var page = Context.Render<ComparePage>();

        page.WaitForAssertion(() => Assert.Contains("No model is trained on Fashion-MNIST yet", page.Find("#compare-empty").TextContent, StringComparison.Ordinal));
        Assert.Equal(["", "sweeps"], page.FindAll("#compare-empty a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public void EveryTileIsDrawn_WithAltText_ThoseThatDoNotApplySayWhy_AndATileOpensLarge()
    {
        Engine.AddNetworkAndSvm();

        var page = Context.Render<ComparePage>();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("#compare-grid .compare-tile.ready").Count));
        Assert.Equal(["CAM", "Occlusion"], page.FindAll("#compare-grid .compare-header").Select(h => h.TextContent));
        var images = page.FindAll("#compare-grid .compare-tile-image");
        Assert.All(images, i => Assert.Contains(" on test image 0", i.GetAttribute("alt"), StringComparison.Ordinal));
        var notApplicable = page.Find("#compare-grid .compare-tile.not-applicable");
        Assert.Equal("Does not apply: CAM needs a GAP head", notApplicable.GetAttribute("aria-label"));
        Assert.Equal(3, page.FindAll("#agreement tbody tr").Count);
        Assert.Equal("3 of 3", $"{page.Find(".compare-page").GetAttribute("data-ready")} of {page.Find(".compare-page").GetAttribute("data-tiles")}");

        page.Find("#compare-grid .compare-tile.ready").Click();

        page.WaitForAssertion(() => Assert.Contains("model net · CAM", page.Find("#enlarged h2").TextContent, StringComparison.Ordinal));
        Assert.Single(page.FindAll("#enlarged-chart"));
    }

    [Fact]
    public async Task AReadOnlyLink_ShowsNothingBeforeJoining_ThenTheSessionsView_WithTheControlsLocked()
    {
        Engine.AddNetworkAndSvm();
        var started = await _sessions.Sessions.StartAsync("Friday review", new SharedView
        {
            DatasetId = "fashion-mnist", Image = new ViewImage(DatasetSplit.Test, 4), Models = ["svm"], Methods = [ExplanationMethods.Occlusion],
        });

        var page = Context.Render<ComparePage>(p => p.Add(c => c.Token, started.ReadToken));

        page.WaitForAssertion(() => Assert.Single(page.FindAll("#join-form")));
        Assert.Empty(page.FindAll("#compare-grid"));
        Assert.Empty(Engine.ExplainRequests);

        page.Find("#join-name").Input("Bob");
        page.Find("#join").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("#compare-grid .compare-tile.ready")));
        Assert.Equal("reader", page.Find("#session-bar").GetAttribute("data-role"));
        Assert.Contains("Friday review", page.Find("#session-name").TextContent, StringComparison.Ordinal);
        Assert.Equal(["Occlusion"], page.FindAll("#compare-grid .compare-header").Select(h => h.TextContent));
        Assert.Contains("test image 4", page.Find("#compare-grid .compare-tile-image").GetAttribute("alt"), StringComparison.Ordinal);
        Assert.True(page.Find("input#image-index").HasAttribute("disabled"));
        Assert.Empty(page.FindAll("#comment-form"));
        Assert.Empty(page.FindAll(".upload"));
        Assert.Empty(page.FindAll("#take-snapshot"));
    }

    [Fact]
    public async Task AReaderPutOutOfTheSession_CannotKeepWhatTheyWereShown_AsASnapshot()
    {
        Engine.AddNetworkAndSvm();
        var started = await _sessions.Sessions.StartAsync("Friday review", new SharedView
        {
            DatasetId = "fashion-mnist", Image = new ViewImage(DatasetSplit.Test, 4), Models = ["svm"], Methods = [ExplanationMethods.Occlusion],
        });
        var ada = await _sessions.Sessions.JoinAsync(started.EditToken, "Ada");
        var page = Context.Render<ComparePage>(p => p.Add(c => c.Token, started.ReadToken));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("#join-form")));
        page.Find("#join-name").Input("Bob");
        page.Find("#join").Click();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("#compare-grid .compare-tile.ready")));

        var readLink = (await _sessions.Sessions.LinksAsync(ada.Me.Id)).Single(l => l.Role == SessionRole.Reader);
        await _sessions.Sessions.RevokeLinkAsync(ada.Me.Id, readLink.Id);

        // Out of the session the page is a Compare page of its own again, which may keep snapshots: not of the
        // session's view, which its link no longer lets Bob see (a snapshot is a permanent link anyone can open).
        page.WaitForAssertion(() => Assert.Contains("revoked", page.Markup, StringComparison.OrdinalIgnoreCase));
        Assert.Empty(page.FindAll("#take-snapshot"));
    }

    [Fact]
    public async Task AnEditorPutOutOfTheSession_KeepsTheLastView_ButCanChangeNothing()
    {
        // The link was the page's only access (a guest has no sign-in of the team's): out of the session, it is over.
        Engine.AddNetworkAndSvm();
        var started = await _sessions.Sessions.StartAsync("Friday review", new SharedView
        {
            DatasetId = "fashion-mnist", Image = new ViewImage(DatasetSplit.Test, 4), Models = ["svm", "net"], Methods = [ExplanationMethods.Occlusion],
        });
        var ada = await _sessions.Sessions.JoinAsync(started.EditToken, "Ada");
        var evesLink = await _sessions.Sessions.CreateLinkAsync(ada.Me.Id, SessionRole.Editor, lifetime: null);
        var page = Context.Render<ComparePage>(p => p.Add(c => c.Token, evesLink.Token));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("#join-form")));
        page.Find("#join-name").Input("Eve");
        page.Find("#join").Click();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("#compare-grid .compare-tile.ready").Count));
        Assert.False(page.Find("input#image-index").HasAttribute("disabled"));
        Assert.False(page.Find("#split-agreement").HasAttribute("disabled"));
        Assert.Single(page.FindAll(".upload"));

        await _sessions.Sessions.RevokeLinkAsync(ada.Me.Id, evesLink.Link.Id);

        page.WaitForAssertion(() => Assert.Single(page.FindAll("#session-removed")));
        Assert.Equal(2, page.FindAll("#compare-grid .compare-tile.ready").Count);
        Assert.True(page.Find("input#image-index").HasAttribute("disabled"));
        Assert.True(page.Find("#show-image").HasAttribute("disabled"));
        Assert.True(page.Find("#split-agreement").HasAttribute("disabled"));
        Assert.Empty(page.FindAll(".upload"));
    }

    [Fact]
    public void ASnapshot_IsTakenFromTheGrid_AndItsPageShowsTheKeptMaps_WithoutAskingTheEngineForAny()
    {
        Engine.AddNetworkAndSvm();
        var compare = Context.Render<ComparePage>();
        compare.WaitForAssertion(() => Assert.Equal(3, compare.FindAll("#compare-grid .compare-tile.ready").Count));

        compare.Find("#take-snapshot").Click();

        compare.WaitForAssertion(() => Assert.Single(compare.FindAll("input#snapshot-link")));
        var link = compare.Find("input#snapshot-link").GetAttribute("value")!;
        Assert.Matches("/snapshot/[A-Za-z0-9_-]{43}$", link);
        var explained = Engine.ExplainRequests.Count;
        Engine.ChangeWeights("svm");

        var snapshot = Context.Render<SnapshotPage>(p => p.Add(c => c.Token, link[(link.LastIndexOf('/') + 1)..]));

        snapshot.WaitForAssertion(() => Assert.Equal(3, snapshot.FindAll("#compare-grid .compare-tile.ready").Count));
        Assert.Equal(explained, Engine.ExplainRequests.Count);
        Assert.Equal(["CAM", "Occlusion"], snapshot.FindAll("#compare-grid .compare-header").Select(h => h.TextContent));
        Assert.Contains("Fashion-MNIST, test image 0", snapshot.Find("#snapshot-title").TextContent, StringComparison.Ordinal);
        Assert.Equal("SameWeights", snapshot.Find("#snapshot-models tr[data-model='net']").GetAttribute("data-standing"));
        Assert.Equal("WeightsChanged", snapshot.Find("#snapshot-models tr[data-model='svm']").GetAttribute("data-standing"));
        Assert.Equal(
            compare.FindAll("#compare-grid .compare-tile-image").Select(i => i.GetAttribute("src")),
            snapshot.FindAll("#compare-grid .compare-tile-image").Select(i => i.GetAttribute("src")));
        Assert.Single(snapshot.FindAll("#agreement"));
    }

    [Fact]
    public void ASnapshotLinkThatOpensNothing_SaysSo()
    {
        var page = Context.Render<SnapshotPage>(p => p.Add(c => c.Token, ShareToken.New()));

        page.WaitForAssertion(() => Assert.Contains("does not open a snapshot", page.Find("#snapshot-error").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("#compare-grid"));
    }

    [Fact]
    public void ALinkThatOpensNoSession_IsRefusedInWords_AndShowsNothing()
    {
        Engine.AddNetworkAndSvm();
        var page = Context.Render<ComparePage>(p => p.Add(c => c.Token, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));

        page.Find("#join-name").Input("Mallory");
        page.Find("#join").Click();

        page.WaitForAssertion(() => Assert.Contains("does not open a review session", page.Find("#join-error").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("#compare-grid"));
        Assert.Empty(page.FindAll("#session-bar"));
    }

    [Fact]
    public async Task StartingASession_ShowsBothLinksOnce_TheStarterDrives_AndTheEditLinkOpensThisView()
    {
        Engine.AddNetworkAndSvm();
        var page = Context.Render<ComparePage>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("#compare-grid .compare-tile.ready").Count));

        page.Find("#start-name").Input("Ada");
        page.Find("#session-title").Input("Collars");
        page.Find("#start-session").Click();

        page.WaitForAssertion(() => Assert.Equal("true", page.Find("#session-bar").GetAttribute("data-driver")));
        var editLink = page.Find("input#edit-link").GetAttribute("value")!;
        var readLink = page.Find("input#read-link").GetAttribute("value")!;
        Assert.Matches("/review/[A-Za-z0-9_-]{43}$", editLink);
        Assert.Matches("/review/[A-Za-z0-9_-]{43}$", readLink);
        Assert.NotEqual(editLink, readLink);
        Assert.Contains("Collars", page.Find("#session-name").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("#start-session-form"));

        var eve = await _sessions.Sessions.JoinAsync(editLink[(editLink.LastIndexOf('/') + 1)..], "Eve");
        Assert.Equal(SessionRole.Editor, eve.Me.Role);
        Assert.Equal(["net", "svm"], eve.View.View.Models);
        Assert.Equal(new ViewImage(DatasetSplit.Test, 0), eve.View.View.Image);
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("#session-bar [data-member]").Count));

        page.Find("#take-snapshot").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("input#snapshot-link")));
        var snapshot = await Context.Services.GetRequiredService<ExplainHub.Server.Sessions.Snapshots.SnapshotStore>()
            .OpenAsync(page.Find("input#snapshot-link").GetAttribute("value")!.Split('/')[^1]);
        Assert.Equal(("Collars: Fashion-MNIST, test image 0", "Ada", started: true), (snapshot.Info.Title, snapshot.Info.TakenBy, started: snapshot.Info.SessionId is not null));
    }
}
