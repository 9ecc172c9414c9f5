using System.Diagnostics;
using ExplainHub.Client.Remote;
using ExplainHub.Engine.Imaging;
using ExplainHub.Shared;
using Microsoft.Playwright;

namespace ExplainHub.EndToEnd.Tests;

/// <summary>
/// A review session in real browsers (separate contexts: no shared cookies or storage, as different people): Ada starts
/// it from Compare, Bob joins by the read-only link and Eve by the edit link. Bob sees every change of the view, the
/// session's upload and Eve's comment, and can change nothing; a snapshot link opens in yet another browser; revoking
/// Bob's link puts him out; after the Server is killed and restarted, the snapshot and the session are still there.
/// </summary>
public sealed class ReviewSessionPageTests(Browser browser) : PageTest(browser), IClassFixture<Browser>
{
    private static readonly float Maps = PageActions.Milliseconds(TimeSpan.FromMinutes(2));

    /// <summary>Generous for a busy 2-core runner; the latency itself is printed (and measured in the sessions bench).</summary>
    private static readonly float Sync = PageActions.Milliseconds(TimeSpan.FromSeconds(15));

    [Fact]
    public async Task AReaderFollowsTheDriversView_ReadsComments_AndIsPutOutWhenTheLinkIsRevoked()
    {
        await using (var engine = await RemoteEngine.ConnectAsync(Server.Url))
        {
            var job = await engine.TrainAsync(new TrainRequest("fashion-mnist", ModelKinds.LinearSvm, Epochs: 1, TrainSubset: 1000, TestSubset: 500));
            Assert.Equal(JobState.Completed, job.State);
        }

        var ada = await Context.NewPageAsync();
        await ada.SetViewportSizeAsync(1280, 800);
        await ada.GotoAsync(new Uri(Server.Url, "compare").ToString());
        await PageActions.WaitUntilInteractiveAsync(ada, ".compare-page", Server);
        await ExpectTilesReadyAsync(ada);

        await ada.Locator("input#start-name").FillAsync("Ada");
        await ada.Locator("input#session-title").FillAsync("Linear SVM review");
        await ada.Locator("#start-session").ClickAsync();
        await Assertions.Expect(ada.Locator("#session-bar")).ToHaveAttributeAsync("data-driver", "true");
        var readLink = await ada.Locator("input#read-link").InputValueAsync();
        var editLink = await ada.Locator("input#edit-link").InputValueAsync();
        Assert.StartsWith(new Uri(Server.Url, "review/").ToString(), readLink, StringComparison.Ordinal);

        await using var bobContext = await NewPersonAsync();
        var bob = await bobContext.NewPageAsync();
        await bob.SetViewportSizeAsync(1280, 800);
        await bob.GotoAsync(readLink);
        await PageActions.WaitUntilInteractiveAsync(bob, ".compare-page", Server);
        Assert.Equal(0, await bob.Locator("#compare-grid").CountAsync());
        await bob.Locator("input#join-name").FillAsync("Bob");
        await bob.Locator("#join").ClickAsync();
        await Assertions.Expect(bob.Locator("#session-bar")).ToHaveAttributeAsync("data-role", "reader");
        await ExpectTilesReadyAsync(bob);
        await Assertions.Expect(bob.Locator("input#image-index")).ToBeDisabledAsync();
        await Assertions.Expect(ada.Locator("#session-bar [data-member='Bob']")).ToHaveCountAsync(1, new() { Timeout = Sync });

        // Eve comes in by the edit link: she can change the view, but Ada drives.
        await using var eveContext = await NewPersonAsync();
        var eve = await eveContext.NewPageAsync();
        await eve.SetViewportSizeAsync(1280, 800);
        await eve.GotoAsync(editLink);
        await PageActions.WaitUntilInteractiveAsync(eve, ".compare-page", Server);
        await eve.Locator("input#join-name").FillAsync("Eve");
        await eve.Locator("#join").ClickAsync();
        await Assertions.Expect(eve.Locator("#session-bar")).ToHaveAttributeAsync("data-role", "editor");
        await Assertions.Expect(eve.Locator("#session-bar")).ToHaveAttributeAsync("data-driver", "false");
        await ExpectTilesReadyAsync(eve);

        // Ada shows another image; Bob's page follows.
        await PageActions.SetNumberAsync(ada, "image-index", 7);
        var clock = Stopwatch.StartNew();
        await ada.Locator("#show-image").ClickAsync();
        await Assertions.Expect(bob.Locator(".image-card")).ToContainTextAsync("test image 7", new() { Timeout = Sync });
        var latency = clock.Elapsed;
        await ExpectTilesReadyAsync(bob);
        await Assertions.Expect(bob.Locator("#changed-by")).ToContainTextAsync("image by Ada");
        await Assertions.Expect(bob.Locator("input#image-index")).ToHaveValueAsync("7");

        // Ada uploads a PNG to the session: it is listed for Bob, converted to the data set's 28×28 grey, and becomes the image.
        var rgb = new byte[56 * 56 * 3];
        rgb.AsSpan(0, rgb.Length / 2).Fill(230);
        await ada.Locator(".upload input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "half.png", MimeType = "image/png", Buffer = ImageCodec.Encode(rgb, 56, 56, 3),
        });
        await Assertions.Expect(bob.Locator("#session-uploads [data-upload]")).ToHaveCountAsync(1, new() { Timeout = Sync });
        await Assertions.Expect(bob.Locator("#session-uploads")).ToContainTextAsync("56×56 · Ada");
        await Assertions.Expect(bob.Locator(".image-card")).ToContainTextAsync("upload 'half.png'", new() { Timeout = Sync });
        await ExpectTilesReadyAsync(bob);
        Assert.Equal(0, await bob.Locator(".upload").CountAsync());

        // Eve enlarges a tile (everyone's view follows) and pins a comment to a region of its map; Ada and Bob read it
        // in the list and see its marker on the tile.
        await ExpectTilesReadyAsync(eve);
        await eve.Locator("#compare-grid .compare-tile.ready").First.ClickAsync();
        await PageActions.SetNumberAsync(eve, "comment-x", 4);
        await PageActions.SetNumberAsync(eve, "comment-width", 10);
        await eve.Locator("textarea#comment-text").FillAsync("the weights ignore the collar");
        await eve.Locator("#add-comment").ClickAsync();
        foreach (var other in new[] { ada, bob })
        {
            await Assertions.Expect(other.Locator("#comment-list")).ToContainTextAsync("Eve", new() { Timeout = Sync });
            await Assertions.Expect(other.Locator("#comment-list")).ToContainTextAsync("the weights ignore the collar");
            await Assertions.Expect(other.Locator("#compare-grid .comment-marker")).ToHaveCountAsync(1);
        }

        await Assertions.Expect(bob.Locator("#enlarged")).ToHaveCountAsync(1);
        Assert.Equal(0, await bob.Locator("#comment-form").CountAsync());

        // Ada keeps the grid as a snapshot; its link shows the same maps read-only, to anyone, in another browser.
        await ada.Locator("#take-snapshot").ClickAsync();
        var snapshotLink = await ada.Locator("input#snapshot-link").InputValueAsync();
        Assert.StartsWith(new Uri(Server.Url, "snapshot/").ToString(), snapshotLink, StringComparison.Ordinal);
        Assert.Equal(0, await bob.Locator("#take-snapshot").CountAsync());
        var tiles = await ada.Locator("#compare-grid .compare-tile.ready").CountAsync();
        await using var carolContext = await NewPersonAsync();
        var carol = await carolContext.NewPageAsync();
        await carol.GotoAsync(snapshotLink);
        await Assertions.Expect(carol.Locator("#compare-grid .compare-tile.ready")).ToHaveCountAsync(tiles, new() { Timeout = Sync });
        await Assertions.Expect(carol.Locator("#snapshot-title")).ToContainTextAsync("Linear SVM review");
        await Assertions.Expect(carol.Locator("#snapshot-models tr[data-standing='SameWeights']")).ToHaveCountAsync(1);
        // A full-page screenshot resizes the viewport and the page scrolls back afterwards: a click right after one
        // can land where the button was. So each page is shot after its last click.
        await PageActions.ScreenshotAsync(carol, "review-session-snapshot");
        await PageActions.ScreenshotAsync(bob, "review-session-reader");

        // Revoking the read-only link puts Bob out at once.
        await ada.Locator("#links-table tr[data-role='read-only'] .revoke").ClickAsync();
        await Assertions.Expect(bob.Locator("#session-removed")).ToContainTextAsync("revoked", new() { Timeout = Sync });
        await Assertions.Expect(ada.Locator("#session-bar [data-member='Bob']")).ToHaveCountAsync(0, new() { Timeout = Sync });
        await PageActions.ScreenshotAsync(ada, "review-session-driver");

        // After a restart (the process killed), the snapshot link shows the same grid and the session its comment.
        await using var restarted = await Server.RestartAsync();
        await using var again = await NewPersonAsync();
        var later = await again.NewPageAsync();
        await later.GotoAsync(new Uri(restarted.Url, new Uri(snapshotLink).AbsolutePath.TrimStart('/')).ToString());
        await Assertions.Expect(later.Locator("#compare-grid .compare-tile.ready")).ToHaveCountAsync(tiles, new() { Timeout = Maps });
        await later.GotoAsync(new Uri(restarted.Url, new Uri(editLink).AbsolutePath.TrimStart('/')).ToString());
        await PageActions.WaitUntilInteractiveAsync(later, ".compare-page", restarted);
        await later.Locator("input#join-name").FillAsync("Ada again");
        await later.Locator("#join").ClickAsync();
        await Assertions.Expect(later.Locator("#comment-list")).ToContainTextAsync("the weights ignore the collar", new() { Timeout = Maps });
        await Assertions.Expect(later.Locator(".image-card")).ToContainTextAsync("upload 'half.png'", new() { Timeout = Maps });
        Console.WriteLine($"Review session: Ada's new image reached Bob's page in {latency.TotalMilliseconds:0} ms");
    }

    private static Task ExpectTilesReadyAsync(IPage page) => page.WaitForFunctionAsync(
        "() => { const p = document.querySelector('.compare-page'); return p && p.dataset.computing === 'false' && +p.dataset.tiles > 0 && p.dataset.ready === p.dataset.tiles; }",
        null, new() { Timeout = Maps });
}
