using System.Text;
using ExplainHub.Server.Sessions;
using ExplainHub.Server.Tests.Fakes;
using ExplainHub.Shared;
using Microsoft.EntityFrameworkCore;

namespace ExplainHub.Server.Tests.Sessions;

/// <summary>Every behaviour of review sessions, on each database they can be kept in (<see cref="NewBedAsync"/>).</summary>
public abstract class ReviewSessionsTests
{
    private static readonly CommentAnchor OnTheSvmMap = new("test/0", "svm", "hadamard", 3, 4, 5, 6);

    protected abstract Task<SessionTestBed> NewBedAsync();

    [Fact]
    public async Task Joining_ByTheEditLink_MakesAnEditor_AndTheFirstOneDrives()
    {
        await using var bed = await NewBedAsync();
        var started = await bed.Sessions.StartAsync("  Shoes vs boots ", SessionTestBed.AView);

        var ada = await bed.Sessions.JoinAsync(started.EditToken, "Ada Lovelace");
        var bob = await bed.Sessions.JoinAsync(started.EditToken, "Bob");
        var cy = await bed.Sessions.JoinAsync(started.ReadToken, "Cy");

        Assert.Equal("Shoes vs boots", ada.Name);
        Assert.Equal((SessionRole.Editor, true), (ada.Me.Role, ada.Me.IsDriver));
        Assert.Equal((SessionRole.Editor, false), (bob.Me.Role, bob.Me.IsDriver));
        Assert.Equal((SessionRole.Reader, false), (cy.Me.Role, cy.Me.IsDriver));
        Assert.Equal(["Ada Lovelace", "Bob", "Cy"], cy.Members.Select(m => m.DisplayName));
        Assert.Equal("AL", cy.Members[0].Initials);
        Assert.Equal(SessionTestBed.AView.Image, cy.View.View.Image);
        Assert.DoesNotContain(cy.Members, m => m.Id == ada.Me.Id);
    }

    [Fact]
    public async Task Joining_RefusesMalformedUnknownRevokedAndExpiredLinks_AndEmptyNames()
    {
        await using var bed = await NewBedAsync();
        var started = await bed.Sessions.StartAsync("s", SessionTestBed.AView, linkLifetime: TimeSpan.FromHours(1));
        var ada = await bed.Sessions.JoinAsync(started.EditToken, "Ada");
        var spare = await bed.Sessions.CreateLinkAsync(ada.Me.Id, SessionRole.Editor, lifetime: null);
        await bed.Sessions.RevokeLinkAsync(ada.Me.Id, spare.Link.Id);

        await Assert.ThrowsAsync<SessionRefusedException>(() => bed.Sessions.JoinAsync("not-a-token", "Eve"));
        await Assert.ThrowsAsync<SessionRefusedException>(() => bed.Sessions.JoinAsync(ShareToken.New(), "Eve"));
        await Assert.ThrowsAsync<SessionRefusedException>(() => bed.Sessions.JoinAsync(spare.Token, "Eve"));
        await Assert.ThrowsAsync<SessionRefusedException>(() => bed.Sessions.JoinAsync(started.ReadToken, "   "));
        await Assert.ThrowsAsync<SessionRefusedException>(() => bed.Sessions.JoinAsync(started.ReadToken, new string('x', 41)));

        bed.Clock.Advance(TimeSpan.FromMinutes(61));
        var expired = await Assert.ThrowsAsync<SessionRefusedException>(() => bed.Sessions.JoinAsync(started.ReadToken, "Late"));
        Assert.Contains("expired", expired.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingArguments_FromAHubClient_AreRefusedSayingWhat_NotAnInternalError()
    {
        await using var bed = await NewBedAsync();
        await Assert.ThrowsAsync<SessionRefusedException>(() => bed.Sessions.StartAsync(null!, SessionTestBed.AView));
        await Assert.ThrowsAsync<SessionRefusedException>(() => bed.Sessions.StartAsync("s", null!));
        await Assert.ThrowsAsync<SessionRefusedException>(() => bed.Sessions.StartAsync("s", SessionTestBed.AView with { Models = null! }));
        var started = await bed.Sessions.StartAsync("s", SessionTestBed.AView);
        var ada = await bed.Sessions.JoinAsync(started.EditToken, "Ada");

        await Assert.ThrowsAsync<SessionRefusedException>(() => bed.Sessions.CommentAsync(ada.Me.Id, null!, "here"));
        await Assert.ThrowsAsync<SessionRefusedException>(() => bed.Sessions.EditViewAsync(ada.Me.Id, null!));
        await Assert.ThrowsAsync<SessionRefusedException>(() => bed.Sessions.EditViewAsync(ada.Me.Id, new ViewEdit(null!, SessionTestBed.AView)));
        Assert.Equal(0, (await bed.Sessions.JoinAsync(started.ReadToken, "Cy")).View.Sequence);
    }

    [Fact]
    public async Task AReader_IsRefusedAtEveryEntryPointThatChangesSomething()
    {
        await using var bed = await NewBedAsync();
        var started = await bed.Sessions.StartAsync("s", SessionTestBed.AView);
        var ada = await bed.Sessions.JoinAsync(started.EditToken, "Ada");
        var comment = await bed.Sessions.CommentAsync(ada.Me.Id, OnTheSvmMap, "look here");
        var links = await bed.Sessions.LinksAsync(ada.Me.Id);
        var cy = await bed.Sessions.JoinAsync(started.ReadToken, "Cy");
        var edit = ViewEdit.Of(SessionTestBed.AView with { TargetClass = 2 }, ViewField.TargetClass);

        var refusals = new List<SessionRefusedException>
        {
            await Assert.ThrowsAsync<SessionRefusedException>(() => bed.Sessions.EditViewAsync(cy.Me.Id, edit)),
            await Assert.ThrowsAsync<SessionRefusedException>(() => bed.Sessions.CommentAsync(cy.Me.Id, OnTheSvmMap, "me too")),
            await Assert.ThrowsAsync<SessionRefusedException>(() => bed.Sessions.ResolveCommentAsync(cy.Me.Id, comment.Id)),
            Assert.Throws<SessionRefusedException>(() => bed.Sessions.HandOver(cy.Me.Id, cy.Members[0].Id)),
            await Assert.ThrowsAsync<SessionRefusedException>(() => bed.Sessions.LinksAsync(cy.Me.Id)),
            await Assert.ThrowsAsync<SessionRefusedException>(() => bed.Sessions.CreateLinkAsync(cy.Me.Id, SessionRole.Editor, null)),
            await Assert.ThrowsAsync<SessionRefusedException>(() => bed.Sessions.RevokeLinkAsync(cy.Me.Id, links[0].Id)),
        };

        Assert.All(refusals, r => Assert.StartsWith("Your link is read-only", r.Message, StringComparison.Ordinal));
        var state = await bed.Sessions.JoinAsync(started.ReadToken, "Dee");
        Assert.Equal(SessionTestBed.AView.TargetClass, state.View.View.TargetClass);
        Assert.Single(state.Comments);
        Assert.False(state.Comments[0].IsResolved);
        Assert.All(await bed.Sessions.LinksAsync(ada.Me.Id), l => Assert.Null(l.RevokedAt));

        // Following or branching off changes only what the reader sees, so it is theirs to do.
        bed.Sessions.SetFollowing(cy.Me.Id, false);
    }

    [Fact]
    public async Task AnEdit_ReachesEveryMember_InTheOrderTheSessionMadeThem()
    {
        await using var bed = await NewBedAsync();
        var started = await bed.Sessions.StartAsync("s", SessionTestBed.AView);
        var ada = await bed.Sessions.JoinAsync(started.EditToken, "Ada");
        var cy = await bed.Sessions.JoinAsync(started.ReadToken, "Cy");
        var seenByCy = bed.Listen(cy);

        for (var index = 1; index <= 20; index++)
        {
            await bed.Sessions.EditViewAsync(ada.Me.Id, ViewEdit.Of(SessionTestBed.AView with { Image = new ViewImage(DatasetSplit.Test, index) }, ViewField.Image));
        }

        await Eventually.True(() => seenByCy.OfType<ViewChanged>().Count() == 20, "twenty view changes");
        var views = seenByCy.OfType<ViewChanged>().Select(e => e.View).ToArray();
        Assert.Equal(Enumerable.Range(1, 20), views.Select(v => v.View.Image!.Index));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), views.Select(v => v.Sequence));
        Assert.Equal("Ada", views[^1].StampOf(ViewField.Image)!.Author);
    }

    [Fact]
    public async Task AnEditorWhoBranchesOff_CannotMoveTheOthers_UntilFollowingAgain()
    {
        await using var bed = await NewBedAsync();
        var started = await bed.Sessions.StartAsync("s", SessionTestBed.AView);
        var ada = await bed.Sessions.JoinAsync(started.EditToken, "Ada");
        var bob = await bed.Sessions.JoinAsync(started.EditToken, "Bob");
        var edit = ViewEdit.Of(SessionTestBed.AView with { ColorMap = ColorMaps.Jet }, ViewField.ColorMap);

        bed.Sessions.SetFollowing(bob.Me.Id, false);
        await Assert.ThrowsAsync<SessionRefusedException>(() => bed.Sessions.EditViewAsync(bob.Me.Id, edit));
        bed.Sessions.SetFollowing(bob.Me.Id, true);
        var view = await bed.Sessions.EditViewAsync(bob.Me.Id, edit);

        Assert.Equal(ColorMaps.Jet, view.View.ColorMap);
        Assert.Equal("Bob", view.StampOf(ViewField.ColorMap)!.Author);
        Assert.True((await bed.Sessions.JoinAsync(started.ReadToken, "Cy")).Members.Single(m => m.DisplayName == "Ada").IsDriver);
        _ = ada;
    }

    [Fact]
    public async Task Driving_IsHandedOver_OnlyByTheDriver_OnlyToAnEditor_AndPassesOnWhenTheDriverLeaves()
    {
        await using var bed = await NewBedAsync();
        var started = await bed.Sessions.StartAsync("s", SessionTestBed.AView);
        var ada = await bed.Sessions.JoinAsync(started.EditToken, "Ada");
        var bob = await bed.Sessions.JoinAsync(started.EditToken, "Bob");
        var cy = await bed.Sessions.JoinAsync(started.ReadToken, "Cy");
        var dee = await bed.Sessions.JoinAsync(started.EditToken, "Dee");
        var seen = bed.Listen(cy);

        Assert.Throws<SessionRefusedException>(() => bed.Sessions.HandOver(bob.Me.Id, dee.Me.PublicId));
        Assert.Throws<SessionRefusedException>(() => bed.Sessions.HandOver(ada.Me.Id, cy.Me.PublicId));
        Assert.Throws<SessionRefusedException>(() => bed.Sessions.HandOver(ada.Me.Id, Guid.NewGuid()));
        bed.Sessions.HandOver(ada.Me.Id, dee.Me.PublicId);
        await Eventually.True(() => Driver(seen) == "Dee", "Dee driving");
        await Assert.ThrowsAsync<SessionRefusedException>(() => bed.Sessions.LinksAsync(ada.Me.Id));

        await bed.Sessions.LeaveAsync(dee.Me.Id);

        await Eventually.True(() => Driver(seen) == "Ada", "driving passing to the editor present longest");
        Assert.NotEmpty(await bed.Sessions.LinksAsync(ada.Me.Id));
    }

    [Fact]
    public async Task RevokingALink_ShutsItAndPutsOutEveryoneInByIt_AtOnce()
    {
        await using var bed = await NewBedAsync();
        var started = await bed.Sessions.StartAsync("s", SessionTestBed.AView);
        var ada = await bed.Sessions.JoinAsync(started.EditToken, "Ada");
        var cy = await bed.Sessions.JoinAsync(started.ReadToken, "Cy");
        var dee = await bed.Sessions.JoinAsync(started.ReadToken, "Dee");
        var seenByAda = bed.Listen(ada);
        var readLink = (await bed.Sessions.LinksAsync(ada.Me.Id)).Single(l => l.Role == SessionRole.Reader);
        Assert.Equal(2, readLink.MembersPresent);

        await Assert.ThrowsAsync<SessionRefusedException>(() => bed.Sessions.RevokeLinkAsync(ada.Me.Id, ada.Me.LinkId));
        await bed.Sessions.RevokeLinkAsync(ada.Me.Id, readLink.Id);

        Assert.Throws<SessionRefusedException>(() => bed.Sessions.SetFollowing(cy.Me.Id, false));
        Assert.Throws<SessionRefusedException>(() => bed.Sessions.Subscribe(dee.Me.Id, _ => Task.CompletedTask));
        await Assert.ThrowsAsync<SessionRefusedException>(() => bed.Sessions.JoinAsync(started.ReadToken, "Cy again"));
        await Eventually.True(() => seenByAda.OfType<MemberRemoved>().Count() == 2, "two members removed");
        Assert.Equal([cy.Me.PublicId, dee.Me.PublicId], seenByAda.OfType<MemberRemoved>().Select(e => e.PublicId));
        var links = await bed.Sessions.LinksAsync(ada.Me.Id);
        Assert.NotNull(links.Single(l => l.Id == readLink.Id).RevokedAt);
        Assert.Null(links.Single(l => l.Id == ada.Me.LinkId).RevokedAt);
    }

    [Fact]
    public async Task AMemberPutOut_HearsThatTheyAreOut_AndNothingTheSessionDoesAfter()
    {
        await using var bed = await NewBedAsync();
        var started = await bed.Sessions.StartAsync("s", SessionTestBed.AView);
        var ada = await bed.Sessions.JoinAsync(started.EditToken, "Ada");
        var cy = await bed.Sessions.JoinAsync(started.ReadToken, "Cy");
        var seenByAda = bed.Listen(ada);
        var seenByCy = bed.Listen(cy);
        var readLink = (await bed.Sessions.LinksAsync(ada.Me.Id)).Single(l => l.Role == SessionRole.Reader);

        await bed.Sessions.RevokeLinkAsync(ada.Me.Id, readLink.Id);
        await bed.Sessions.EditViewAsync(ada.Me.Id, ViewEdit.Of(SessionTestBed.AView with { Opacity = 0.2 }, ViewField.Opacity));
        await bed.Sessions.CommentAsync(ada.Me.Id, OnTheSvmMap, "only for those still in");

        await Eventually.True(() => seenByAda.OfType<CommentsChanged>().Any(), "the comment reaches Ada");
        await Eventually.True(() => seenByCy.OfType<MemberRemoved>().Any(e => e.PublicId == cy.Me.PublicId), "Cy hears they are out");
        await Task.Delay(100);
        Assert.Empty(seenByCy.OfType<ViewChanged>());
        Assert.Empty(seenByCy.OfType<CommentsChanged>());
    }

    [Fact]
    public async Task AReaderWhoOnlyWatches_IsOutWhenTheirLinkExpires_WithoutTakingAStep()
    {
        await using var bed = await NewBedAsync();
        var started = await bed.Sessions.StartAsync("s", SessionTestBed.AView);
        var ada = await bed.Sessions.JoinAsync(started.EditToken, "Ada");
        var hour = await bed.Sessions.CreateLinkAsync(ada.Me.Id, SessionRole.Reader, TimeSpan.FromHours(1));
        var cy = await bed.Sessions.JoinAsync(hour.Token, "Cy");
        var seenByAda = bed.Listen(ada);
        var seenByCy = bed.Listen(cy);

        bed.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(2, (await bed.Sessions.LinksAsync(ada.Me.Id)).Sum(l => l.MembersPresent));

        bed.Clock.Advance(TimeSpan.FromMinutes(2));
        await Eventually.True(() => seenByAda.OfType<MemberRemoved>().Any(e => e.PublicId == cy.Me.PublicId && e.Reason.Contains("expired")), "Cy out at expiry");
        await Eventually.True(() => seenByCy.OfType<MemberRemoved>().Any(), "Cy told");
        Assert.Equal(1, (await bed.Sessions.LinksAsync(ada.Me.Id)).Sum(l => l.MembersPresent));
        await bed.Sessions.EditViewAsync(ada.Me.Id, ViewEdit.Of(SessionTestBed.AView with { Opacity = 0.3 }, ViewField.Opacity));
        await Task.Delay(100);
        Assert.Empty(seenByCy.OfType<ViewChanged>());
    }

    [Fact]
    public async Task ALinkOfNinetyDays_AdmitsOnTheRealClock_AndPutsItsReaderOutOnlyWhenItExpires()
    {
        await using var bed = await NewBedAsync();
        var started = await bed.Sessions.StartAsync("s", SessionTestBed.AView);
        var ada = await bed.Sessions.JoinAsync(started.EditToken, "Ada");
        var quarter = await bed.Sessions.CreateLinkAsync(ada.Me.Id, SessionRole.Reader, TimeSpan.FromDays(90));

        // The system clock's timers wait at most about 49 days: the expiry must be armed in steps.
        using (var real = new ReviewSessions(bed.Database, Microsoft.Extensions.Options.Options.Create(new ReviewSessionOptions()), TimeProvider.System))
        {
            var onTheRealClock = await real.StartAsync("long", SessionTestBed.AView, linkLifetime: TimeSpan.FromDays(90));
            var eve = await real.JoinAsync(onTheRealClock.ReadToken, "Eve");
            await real.LeaveAsync(eve.Me.Id);
        }

        var cy = await bed.Sessions.JoinAsync(quarter.Token, "Cy");
        bed.Clock.Advance(TimeSpan.FromDays(60));
        bed.Clock.Advance(TimeSpan.FromDays(29));
        Assert.Equal(2, (await bed.Sessions.LinksAsync(ada.Me.Id)).Sum(l => l.MembersPresent));
        bed.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Throws<SessionRefusedException>(() => bed.Sessions.SetFollowing(cy.Me.Id, false));
        Assert.Equal(1, (await bed.Sessions.LinksAsync(ada.Me.Id)).Sum(l => l.MembersPresent));
    }

    [Fact]
    public async Task AMemberWhoseLinkExpires_IsOutAtTheirNextStep()
    {
        await using var bed = await NewBedAsync();
        var started = await bed.Sessions.StartAsync("s", SessionTestBed.AView, linkLifetime: TimeSpan.FromMinutes(30));
        var ada = await bed.Sessions.JoinAsync(started.EditToken, "Ada");
        var edit = ViewEdit.Of(SessionTestBed.AView with { Opacity = 0.9 }, ViewField.Opacity);
        await bed.Sessions.EditViewAsync(ada.Me.Id, edit);

        bed.Clock.Advance(TimeSpan.FromMinutes(31));

        await Assert.ThrowsAsync<SessionRefusedException>(() => bed.Sessions.EditViewAsync(ada.Me.Id, edit with { Proposed = edit.Proposed with { Opacity = 0.1 } }));
        Assert.Throws<SessionRefusedException>(() => bed.Sessions.SetFollowing(ada.Me.Id, true));
        Assert.Equal(0, bed.Sessions.LiveCount);
    }

    [Fact]
    public async Task TheViewAndComments_SurviveARestart_AndOnlyHashesOfTokensAreStored()
    {
        await using var bed = await NewBedAsync();
        var started = await bed.Sessions.StartAsync("s", SessionTestBed.AView);
        var ada = await bed.Sessions.JoinAsync(started.EditToken, "Ada");
        await bed.Sessions.EditViewAsync(ada.Me.Id, ViewEdit.Of(SessionTestBed.AView with { TargetClass = 4, Enlarged = new TileRef("svm", "hadamard") }, ViewField.TargetClass, ViewField.Enlarged));
        var first = await bed.Sessions.CommentAsync(ada.Me.Id, OnTheSvmMap, "why the collar?");
        await bed.Sessions.CommentAsync(ada.Me.Id, OnTheSvmMap with { X = 9 }, "and the sleeve");
        await bed.Sessions.ResolveCommentAsync(ada.Me.Id, first.Id);

        bed.Restart();
        var back = await bed.Sessions.JoinAsync(started.ReadToken, "Ada later");

        Assert.Equal(4, back.View.View.TargetClass);
        Assert.Equal(new TileRef("svm", "hadamard"), back.View.View.Enlarged);
        Assert.Equal(new FieldStamp(1, "Ada"), back.View.StampOf(ViewField.TargetClass));
        Assert.Equal(["why the collar?", "and the sleeve"], back.Comments.Select(c => c.Text));
        Assert.Equal(OnTheSvmMap, back.Comments[0].Anchor);
        Assert.Equal(("Ada", true, false), (back.Comments[0].ResolvedBy, back.Comments[0].IsResolved, back.Comments[1].IsResolved));

        Assert.False(await bed.StoresAsync(Encoding.UTF8.GetBytes(started.EditToken)));
        Assert.False(await bed.StoresAsync(Encoding.UTF8.GetBytes(started.ReadToken)));
        Assert.True(await bed.StoresAsync(ShareToken.Hash(started.ReadToken)));
        Assert.True(await bed.StoresAsync(Encoding.UTF8.GetBytes("why the collar?")));
    }

    [Fact]
    public async Task CommentsMadeTogether_EachTakeTheirOwnNumber_InTheOrderEveryoneSees()
    {
        await using var bed = await NewBedAsync();
        var started = await bed.Sessions.StartAsync("s", SessionTestBed.AView);
        var ada = await bed.Sessions.JoinAsync(started.EditToken, "Ada");
        var bob = await bed.Sessions.JoinAsync(started.EditToken, "Bob");

        await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            Task.Run(() => bed.Sessions.CommentAsync((i % 2 == 0 ? ada : bob).Me.Id, OnTheSvmMap with { X = i }, $"note {i}"))));

        var seen = (await bed.Sessions.JoinAsync(started.ReadToken, "Cy")).Comments.Select(c => c.Id).ToArray();
        await using (var db = bed.Database.Open())
        {
            var stored = await db.Comments.OrderBy(c => c.Number).Select(c => new { c.Id, c.Number }).ToListAsync();
            Assert.Equal(Enumerable.Range(1, 12).Select(n => (long)n), stored.Select(c => (long)c.Number));
            Assert.Equal(seen, stored.Select(c => c.Id));
        }
    }

    [Fact]
    public async Task Comments_WithNoTextOrOutsideTheMap_AreRefused()
    {
        await using var bed = await NewBedAsync();
        var started = await bed.Sessions.StartAsync("s", SessionTestBed.AView);
        var ada = await bed.Sessions.JoinAsync(started.EditToken, "Ada");

        await Assert.ThrowsAsync<SessionRefusedException>(() => bed.Sessions.CommentAsync(ada.Me.Id, OnTheSvmMap, "  "));
        await Assert.ThrowsAsync<SessionRefusedException>(() => bed.Sessions.CommentAsync(ada.Me.Id, OnTheSvmMap, new string('x', 2001)));
        await Assert.ThrowsAsync<SessionRefusedException>(() => bed.Sessions.CommentAsync(ada.Me.Id, OnTheSvmMap with { X = -1 }, "x"));
        await Assert.ThrowsAsync<SessionRefusedException>(() => bed.Sessions.CommentAsync(ada.Me.Id, OnTheSvmMap with { Width = 0 }, "x"));
        await Assert.ThrowsAsync<SessionRefusedException>(() => bed.Sessions.CommentAsync(ada.Me.Id, OnTheSvmMap with { ModelId = "" }, "x"));
        await Assert.ThrowsAsync<SessionRefusedException>(() => bed.Sessions.ResolveCommentAsync(ada.Me.Id, Guid.NewGuid()));
        Assert.Empty((await bed.Sessions.JoinAsync(started.ReadToken, "Cy")).Comments);
    }

    [Fact]
    public async Task ManyJoinsAndLeaves_AtOnce_LeaveOneDriverAndACountThatAddsUp()
    {
        await using var bed = await NewBedAsync();
        var started = await bed.Sessions.StartAsync("s", SessionTestBed.AView);
        var anchor = await bed.Sessions.JoinAsync(started.ReadToken, "Watcher");
        var seen = bed.Listen(anchor);

        var members = await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
            Task.Run(() => bed.Sessions.JoinAsync(i % 3 == 0 ? started.ReadToken : started.EditToken, $"m{i}"))));
        await Task.WhenAll(members.Where((_, i) => i % 2 == 0).Select(m => Task.Run(() => bed.Sessions.LeaveAsync(m.Me.Id))));

        await Eventually.True(() => seen.OfType<PresenceChanged>().LastOrDefault()?.Members.Count == 13, "13 members present");
        var present = seen.OfType<PresenceChanged>().Last().Members;
        Assert.Single(present, m => m.IsDriver);
        Assert.Equal(SessionRole.Editor, present.Single(m => m.IsDriver).Role);
    }

    private static string? Driver(IEnumerable<SessionEvent> events) =>
        events.OfType<PresenceChanged>().LastOrDefault()?.Members.SingleOrDefault(m => m.IsDriver)?.DisplayName;
}

public sealed class SqliteReviewSessionsTests : ReviewSessionsTests
{
    protected override Task<SessionTestBed> NewBedAsync() => SessionTestBed.CreateAsync();
}

/// <summary>The same behaviours on PostgreSQL (Debian's postgresql-15, started on loopback for this class), a database per test.</summary>
public sealed class PostgresReviewSessionsTests(PostgresCluster cluster) : ReviewSessionsTests, IClassFixture<PostgresCluster>
{
    protected override async Task<SessionTestBed> NewBedAsync() => await SessionTestBed.CreateAsync(await cluster.NewDatabaseAsync());
}
