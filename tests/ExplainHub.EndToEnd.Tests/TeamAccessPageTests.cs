using System.Text.RegularExpressions;
using ExplainHub.Client.Remote;
using ExplainHub.Shared;
using Microsoft.Playwright;

namespace ExplainHub.EndToEnd.Tests;

/// <summary>
/// An app that asks for the team's key, in real browsers: Ada opens Compare, is sent to the sign-in form, is refused a
/// wrong key and let in with the right one, back on Compare, where she starts a review session. Bob, in a browser of
/// his own that never signed in, opens the read-only link and joins; the app's other pages send him to sign in.
/// </summary>
public sealed class TeamAccessPageTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private const string Key = "the team's key for this test";
    private ServerProcess _server = null!;

    private const string EngineKey = "the engine's own key for this test";

    /// <remarks>The engine hub has a key of its own, not the team's: a model is trained through it.</remarks>
    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync(serveHub: true, accessKey: Key, engineKey: EngineKey);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task TheTeamSignsIn_ForItsPages_WhileAReviewLinkOpensItsSessionForAGuest()
    {
        await using (var engine = await RemoteEngine.ConnectAsync(_server.Url, RemoteEngineOptions.WithKey(EngineKey)))
        {
            var job = await engine.TrainAsync(new TrainRequest("fashion-mnist", ModelKinds.LinearSvm, Epochs: 1, TrainSubset: 1000, TestSubset: 500));
            Assert.Equal(JobState.Completed, job.State);
        }

        await using var adaContext = await browser.Instance.NewContextAsync();
        var ada = await adaContext.NewPageAsync();
        await ada.SetViewportSizeAsync(1280, 800);

        await ada.GotoAsync(new Uri(_server.Url, "compare").ToString());
        await Assertions.Expect(ada).ToHaveURLAsync(new Regex("/signin\\?ReturnUrl=%2Fcompare$"));
        await ada.Locator("#access-key").FillAsync("a guess");
        await ada.Locator("#signin").ClickAsync();
        await Assertions.Expect(ada.Locator("#signin-error")).ToContainTextAsync("not this app's access key");
        await PageActions.ScreenshotAsync(ada, "signin-refused");
        await ada.Locator("#access-key").FillAsync(Key);
        await ada.Locator("#signin").ClickAsync();
        await Assertions.Expect(ada).ToHaveURLAsync(new Uri(_server.Url, "compare").ToString());
        await PageActions.WaitUntilInteractiveAsync(ada, ".compare-page", _server);
        await Assertions.Expect(ada.Locator("#engine-status")).ToBeVisibleAsync();
        await Assertions.Expect(ada.Locator("#start-session")).ToBeVisibleAsync(new() { Timeout = 120_000 });

        await ada.Locator("input#start-name").FillAsync("Ada");
        await ada.Locator("input#session-title").FillAsync("Access review");
        await ada.Locator("#start-session").ClickAsync();
        var readLink = await ada.Locator("input#read-link").InputValueAsync();

        await using var bobContext = await browser.Instance.NewContextAsync();
        var bob = await bobContext.NewPageAsync();
        await bob.SetViewportSizeAsync(1280, 800);
        await bob.GotoAsync(readLink);
        await PageActions.WaitUntilInteractiveAsync(bob, ".compare-page", _server);
        await bob.Locator("input#join-name").FillAsync("Bob");
        await bob.Locator("#join").ClickAsync();
        await Assertions.Expect(bob.Locator("#session-bar")).ToHaveAttributeAsync("data-role", "reader");
        Assert.Equal(readLink, bob.Url);
        await Assertions.Expect(bob.Locator("#engine-status")).ToHaveCountAsync(0);
        await PageActions.ScreenshotAsync(bob, "review-guest");
        await Assertions.Expect(ada.Locator("#session-bar [data-member='Bob']")).ToHaveCountAsync(1);

        // The page list is there, but its pages are the team's: Bob is asked for the key and comes back to Models after.
        await bob.Locator("nav a[href='models']").ClickAsync();
        await Assertions.Expect(bob).ToHaveURLAsync(new Regex("/signin\\?returnUrl=%2Fmodels$"));
        var download = await bob.Context.APIRequest.GetAsync(new Uri(_server.Url, "exports/evaluations/e-1/leaderboard.csv").ToString(),
            new() { MaxRedirects = 0 });
        Assert.Equal(302, download.Status);
    }
}
