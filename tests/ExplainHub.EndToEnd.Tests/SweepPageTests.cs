using Microsoft.Playwright;

namespace ExplainHub.EndToEnd.Tests;

/// <summary>
/// The sweep page in a real browser against the real engine: a small AdaBoost sweep, with scikit-learn's weak learner
/// and variant chosen on the page, plots and lists each point.
/// </summary>
public sealed class SweepPageTests(Browser browser) : PageTest(browser), IClassFixture<Browser>
{
    [Fact]
    public async Task SmallSweep_PlotsAndListsEveryPoint()
    {
        var page = await Context.NewPageAsync();
        await page.GotoAsync(new Uri(Server.Url, "sweeps").ToString());
        await PageActions.WaitUntilInteractiveAsync(page, ".sweep-page", Server);

        await PageActions.SetTextAsync(page, "values", "2,8");
        await PageActions.SetNumberAsync(page, "train-subset", 500);
        await PageActions.SetNumberAsync(page, "test-subset", 200);
        await PageActions.ChooseAsync(page, "weak-learner", "cart");
        await PageActions.ChooseAsync(page, "boosting", "samme.r");
        await page.Locator("#start-sweep").ClickAsync();

        await Assertions.Expect(page.Locator(".sweep-page")).ToHaveAttributeAsync(
            "data-status", "Completed", new() { Timeout = PageActions.Milliseconds(TimeSpan.FromMinutes(3)) });
        await Assertions.Expect(page.Locator("#sweep-points tbody tr")).ToHaveCountAsync(2);
        await page.WaitForFunctionAsync("() => document.getElementById('sweep-chart').data[0].x.length === 2");
        var xs = await page.EvaluateAsync<double[]>("() => Array.from(document.getElementById('sweep-chart').data[0].x)");
        Assert.Equal([2.0, 8.0], xs);
        await PageActions.ScreenshotAsync(page, "sweeps");
    }
}
