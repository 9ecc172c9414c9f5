using System.Security.Claims;
using Bunit;
using ExplainHub.Server.Access;
using ExplainHub.Server.Components.Layout;
using ExplainHub.Shared;
using ExplainHub.Server.Layout;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace ExplainHub.Server.Tests.Layout;

public sealed class MainLayoutTests : ComponentTest
{
    [Fact]
    public void TheAppBar_ShowsTheEngine_NavigatesToEveryPage_AndRendersThePage()
    {
        Engine.AddRunningJob(new TrainRequest("fashion-mnist"));

        var layout = Context.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddMarkupContent(0, "<p id='page'>the page</p>"))));

        layout.WaitForAssertion(() => Assert.Contains("1 running · 0 queued", layout.Find("#engine-status").TextContent, StringComparison.Ordinal));
        Assert.Contains("cpu · 1 thread", layout.Find("#engine-status").TextContent, StringComparison.Ordinal);
        Assert.Equal("the page", layout.Find("#page").TextContent);
        var links = layout.FindAll("nav a").Select(a => a.GetAttribute("href")).ToArray();
        Assert.Contains("", links);
        Assert.Contains("sweeps", links);
    }

    [Fact]
    public void TheAppBar_ShowsTheDataSetInUse_TheBuiltInOneUntilAPageSetsAnother()
    {
        var layout = Context.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(_ => { })));
        layout.WaitForAssertion(() => Assert.Contains("Fashion-MNIST", layout.Find("#dataset-in-use").TextContent, StringComparison.Ordinal));

        Context.Services.GetRequiredService<DatasetInUse>().Set(Engine.Dataset with { Id = "fer2013", Name = "FER2013" });

        layout.WaitForAssertion(() => Assert.Contains("FER2013", layout.Find("#dataset-in-use").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void TheThemeToggle_SwitchesBetweenLightAndDark()
    {
        var layout = Context.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(_ => { })));

        Assert.Equal("Switch to the dark theme", layout.Find("#theme-toggle").GetAttribute("aria-label"));
        layout.Find("#theme-toggle").Click();
        Assert.Equal("Switch to the light theme", layout.Find("#theme-toggle").GetAttribute("aria-label"));
    }

    [Fact]
    public void WhereTheAppNeedsAKey_AGuestByAReviewLink_SeesNoEngineNorJobs_AndIsOfferedTheSignIn()
    {
        Context.Services.AddSingleton(new TeamAccess("the team's key"));
        Context.AddAuthorization(); // anonymous, as a share link's visitor is
        Engine.AddRunningJob(new TrainRequest("fashion-mnist"));

        var layout = Context.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddMarkupContent(0, "<p id='page'>the session</p>"))));

        layout.WaitForAssertion(() => Assert.Single(layout.FindAll("#sign-in")));
        Assert.Equal("the session", layout.Find("#page").TextContent);
        Assert.Empty(layout.FindAll("#engine-status"));
        Assert.Empty(layout.FindAll("#sign-out"));
        Assert.Equal(0, Engine.JobListings);
        Context.Services.GetRequiredService<NavigationManager>().NavigateTo("review/abc");
        layout.Find("#sign-in").Click();
        Assert.EndsWith("/signin?returnUrl=%2Freview%2Fabc", Context.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void WhereTheAppNeedsAKey_AMemberSignedInWithIt_SeesTheEngine_AndCanSignOut()
    {
        var access = new TeamAccess("the team's key");
        Context.Services.AddSingleton(access);
        var authorization = Context.AddAuthorization();
        authorization.SetAuthorized("team member");
        authorization.SetClaims(new Claim(TeamAccess.MemberClaim, access.Fingerprint!));

        var member = Context.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(_ => { })));

        member.WaitForAssertion(() => Assert.Contains("cpu · 1 thread", member.Find("#engine-status").TextContent, StringComparison.Ordinal));
        var signOut = member.Find("#sign-out").Closest("form")!;
        Assert.Equal(("post", "signout"), (signOut.GetAttribute("method"), signOut.GetAttribute("action")));
        Assert.Empty(member.FindAll("#sign-in"));
    }

    [Fact]
    public void WhereTheAppNeedsAKey_SomeoneSignedInWithAnEarlierKey_IsAGuest()
    {
        Context.Services.AddSingleton(new TeamAccess("the team's key"));
        var authorization = Context.AddAuthorization();
        authorization.SetAuthorized("team member");
        authorization.SetClaims(new Claim(TeamAccess.MemberClaim, new TeamAccess("the key before it").Fingerprint!));

        var stale = Context.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(_ => { })));
        stale.WaitForAssertion(() => Assert.Single(stale.FindAll("#sign-in")));
        Assert.Empty(stale.FindAll("#engine-status"));
    }
}
