using System.Globalization;
using Microsoft.Playwright;

namespace ExplainHub.EndToEnd.Tests;

/// <summary>The Train page in a real browser: two different kinds started one after the other, both followed live.</summary>
public sealed class TrainPageTests(Browser browser) : PageTest(browser), IClassFixture<Browser>
{
    [Fact]
    public async Task ANetworkAndALinearSvm_AreTrainedSideBySide_EachOnItsOwnLiveCard()
    {
        var page = await Context.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 800);
        await page.GotoAsync(new Uri(Server.Url, "train").ToString());
        await PageActions.WaitUntilInteractiveAsync(page, ".train-page", Server);

        // Batch reports come at most every 250 ms, so a short run on a fast machine folds into one update: epoch ends
        // are reported always, and three of them over 4,000 images each keep the curve growing on any machine.
        await PageActions.SetNumberAsync(page, "epochs", 3);
        await PageActions.SetNumberAsync(page, "train-subset", 4000);
        await PageActions.SetNumberAsync(page, "test-subset", 1000);
        await page.Locator("#start-training").ClickAsync();
        await Assertions.Expect(page.Locator(".job-card")).ToHaveCountAsync(1);

        await PageActions.ChooseAsync(page, "train-kind", "linear-svm");
        await Assertions.Expect(page.Locator("#svm-c")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#epochs")).ToHaveCountAsync(0); // an SVM has no epochs
        await PageActions.SetNumberAsync(page, "train-subset", 2000);
        await PageActions.SetNumberAsync(page, "test-subset", 1000);
        await page.Locator("#start-training").ClickAsync();
        await Assertions.Expect(page.Locator(".job-card")).ToHaveCountAsync(2);

        await Assertions.Expect(page.Locator(".train-page")).ToHaveAttributeAsync("data-active", "0", new() { Timeout = PageActions.Milliseconds(TimeSpan.FromMinutes(4)) });
        await Assertions.Expect(page.Locator(".job-card[data-state='Completed']")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator(".job-card h2")).ToHaveTextAsync(["linear-svm on fashion-mnist · 2,000 images", "seed-cnn on fashion-mnist · 4,000 images"]);
        var frame = page.Locator(".job-card .curve-chart-frame").First;
        var growths = int.Parse(await frame.GetAttributeAsync("data-growths") ?? "0", CultureInfo.InvariantCulture);
        Assert.True(growths >= 2, $"the network's loss curve grew {growths} time(s) while training; expected live updates");
        await PageActions.ScreenshotAsync(page, "train-jobs");

        // An impossible setting is named in place and nothing is sent.
        await PageActions.SetNumberAsync(page, "svm-c", -1);
        await Assertions.Expect(page.Locator(".train-page")).ToContainTextAsync("C above 0");
        await Assertions.Expect(page.Locator("#start-training")).ToBeDisabledAsync();
    }

    [Fact]
    public async Task ARandomForest_OffersItsForestAlgorithm_AndTrainsBreimansByDefault()
    {
        var page = await Context.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 800);
        await page.GotoAsync(new Uri(Server.Url, "train").ToString());
        await PageActions.WaitUntilInteractiveAsync(page, ".train-page", Server);

        await PageActions.ChooseAsync(page, "train-kind", "random-forest");
        await Assertions.Expect(page.Locator(".select-forest input").First).ToHaveValueAsync("breiman");
        await PageActions.SetNumberAsync(page, "estimators", 20);
        await PageActions.SetNumberAsync(page, "train-subset", 2000);
        await PageActions.SetNumberAsync(page, "test-subset", 1000);
        await PageActions.ScreenshotAsync(page, "train-forest");
        await page.Locator("#start-training").ClickAsync();

        await Assertions.Expect(page.Locator(".job-card[data-state='Completed']")).ToHaveCountAsync(1, new() { Timeout = PageActions.Milliseconds(TimeSpan.FromMinutes(2)) });
        await Assertions.Expect(page.Locator(".job-card h2")).ToHaveTextAsync(["random-forest on fashion-mnist · 2,000 images"]);
    }
}
