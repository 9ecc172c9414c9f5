using ExplainHub.Client.Remote;
using ExplainHub.Shared;
using Microsoft.Playwright;

namespace ExplainHub.EndToEnd.Tests;

/// <summary>The Leaderboards page in a real browser: an evaluation started on the page runs as a job and ends as Table 1.</summary>
public sealed class LeaderboardsPageTests(Browser browser) : PageTest(browser), IClassFixture<Browser>
{
    [Fact]
    public async Task AnEvaluationStartedOnThePage_ShowsItsProgress_ThenItsLeaderboardPerRho_AndItsCsv()
    {
        await using (var engine = await RemoteEngine.ConnectAsync(Server.Url))
        {
            var job = await engine.TrainAsync(new TrainRequest("fashion-mnist", ModelKinds.SeedCnn, Epochs: 1, TrainSubset: 1000, TestSubset: 500));
            Assert.Equal(JobState.Completed, job.State);
        }

        var page = await Context.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 800);
        await page.GotoAsync(new Uri(Server.Url, "leaderboards").ToString());
        await PageActions.WaitUntilInteractiveAsync(page, ".leaderboards-page", Server);
        await Assertions.Expect(page.Locator("#accuracy-board tbody tr")).ToHaveCountAsync(1);

        await PageActions.SetNumberAsync(page, "eval-images", 12);
        await page.Locator("#start-evaluation").ClickAsync();
        await Assertions.Expect(page.Locator(".leaderboards-page")).ToHaveAttributeAsync("data-running", "true");
        await Assertions.Expect(page.Locator(".leaderboards-page")).ToHaveAttributeAsync(
            "data-running", "false", new() { Timeout = PageActions.Milliseconds(TimeSpan.FromMinutes(3)) });

        await Assertions.Expect(page.Locator("#leaderboard-message")).ToContainTextAsync("Evaluation finished");
        await Assertions.Expect(page.Locator(".score-table")).ToHaveCountAsync(2); // ρ 25% and 5%
        // 9 Table-1 functions and the seed's 3 pairs, each with a blur and a zero column.
        Assert.Equal(12, await page.Locator(".score-table").First.Locator("tbody tr").CountAsync());
        Assert.True(await page.Locator(".score-table").First.Locator(".best").CountAsync() >= 2);
        await Assertions.Expect(page.Locator("#scores-0-25 .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.Equal(2, await page.Locator("#scores-0-25 g.trace.bars").CountAsync()); // a bar series per model × base: one model, two bases
        await PageActions.ScreenshotAsync(page, "leaderboards");

        var id = await page.Locator(".leaderboards-page").GetAttributeAsync("data-evaluation");
        var csv = await page.APIRequest.GetAsync(new Uri(Server.Url, $"exports/evaluations/{id}/leaderboard.csv").ToString());
        Assert.Equal(200, csv.Status);
        var lines = (await csv.TextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("rho,function,members,model,base,scg_x100", lines[0], StringComparison.Ordinal);
        Assert.Equal(1 + (12 * 2 * 2), lines.Length);
        var missing = await page.APIRequest.GetAsync(new Uri(Server.Url, "exports/evaluations/no-such-evaluation/leaderboard.csv").ToString());
        Assert.Equal(404, missing.Status);
        var escape = await page.APIRequest.GetAsync(new Uri(Server.Url, "exports/evaluations/..%2F..%2Fetc%2Fpasswd/evaluation.json").ToString());
        Assert.InRange(escape.Status, 400, 404);
    }
}
