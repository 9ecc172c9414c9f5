using System.Globalization;
using Microsoft.Playwright;

namespace ExplainHub.EndToEnd.Tests;

/// <summary>
/// The training page in a real browser, against the real Server and engine. Each test gets its own Server (and
/// data folder): a job one test leaves running must not show up on another test's page.
/// </summary>
public sealed class TrainingPageTests(Browser browser) : PageTest(browser), IClassFixture<Browser>
{
    /// <summary>Seed CNN on 4,000 images for three epochs, plus evaluation on the 10,000 test images, on CPU.</summary>
    private static readonly TimeSpan TrainingTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task ShortRun_UpdatesTheCurvesLive_ThenShowsCamOverlays_AlsoAfterAReload()
    {
        var page = await OpenAsync();

        // Long enough that the page renders several times while it runs on any machine: batch reports come at most every
        // 250 ms, so a short run on a fast runner folds into one redraw (CI saw it with 2,000 images); every epoch's end is
        // reported, and three epochs of 4,000 images keep the curve growing.
        await SetNumberAsync(page, "epochs", 3);
        await SetNumberAsync(page, "subset", 4000);
        await Start(page).ClickAsync(new() { Timeout = Milliseconds(TimeSpan.FromMinutes(2)) });

        await Assertions.Expect(TrainingPage(page)).ToHaveAttributeAsync(
            "data-status", "Completed", new() { Timeout = Milliseconds(TrainingTimeout) });
        await Assertions.Expect(page.Locator("#progress-line")).ToContainTextAsync("Epoch 3/3");

        var lossChart = page.Locator("#loss-chart-frame");
        var growths = int.Parse(await lossChart.GetAttributeAsync("data-growths") ?? "0", CultureInfo.InvariantCulture);
        Assert.True(growths >= 2, $"the loss curve grew {growths} time(s) while training; expected live updates");
        var plotted = await page.EvaluateAsync<int>("() => document.getElementById('loss-chart').data[0].x.length");
        Assert.True(plotted >= 2, $"the loss curve has {plotted} point(s)");

        await ExpectCamGridAsync(page);
        await PageActions.ScreenshotAsync(page, "train");

        // After a reload the trained model is listed, and its CAMs come back without training again.
        await page.ReloadAsync();
        await WaitUntilInteractiveAsync(page);
        await page.Locator("#models .show-cam").First.ClickAsync();
        await ExpectCamGridAsync(page);
        Assert.Equal("Ready", (await page.Locator("#progress-line").InnerTextAsync()).Trim());
    }

    [Fact]
    public async Task Stop_CancelsARunningJob()
    {
        var page = await OpenAsync();
        await SetNumberAsync(page, "epochs", 50);
        await Start(page).ClickAsync(new() { Timeout = Milliseconds(TimeSpan.FromMinutes(2)) });
        await Assertions.Expect(TrainingPage(page)).ToHaveAttributeAsync(
            "data-status", "Running", new() { Timeout = Milliseconds(TimeSpan.FromMinutes(2)) });
        await Assertions.Expect(page.Locator("#stop")).ToBeEnabledAsync();

        await page.Locator("#stop").ClickAsync();

        await Assertions.Expect(TrainingPage(page)).ToHaveAttributeAsync(
            "data-status", "Cancelled", new() { Timeout = Milliseconds(TimeSpan.FromMinutes(1)) });
        await Assertions.Expect(Start(page)).ToBeEnabledAsync();
        await Assertions.Expect(page.Locator("#cam-grid")).ToHaveCountAsync(0);
    }

    private async Task<IPage> OpenAsync()
    {
        var page = await Context.NewPageAsync();
        await page.GotoAsync(Server.Url.ToString());
        await WaitUntilInteractiveAsync(page);
        return page;
    }

    private Task WaitUntilInteractiveAsync(IPage page) => PageActions.WaitUntilInteractiveAsync(page, ".training-page", Server);

    private static async Task ExpectCamGridAsync(IPage page)
    {
        var images = page.Locator("#cam-grid img.cam-image");
        await Assertions.Expect(images).ToHaveCountAsync(24, new() { Timeout = 60_000 });

        // The browser decoded every overlay as a 28×28 PNG.
        await page.WaitForFunctionAsync(
            "() => Array.from(document.querySelectorAll('#cam-grid img.cam-image')).every(i => i.complete && i.naturalWidth === 28 && i.naturalHeight === 28)");
        Assert.Equal(24, await page.Locator("#cam-grid .cam-tile.confident, #cam-grid .cam-tile.unsure").CountAsync());
        var caption = await page.Locator("#cam-grid .cam-tile figcaption").First.InnerTextAsync();
        Assert.Matches(@"\d+\.\d%", caption);
        Assert.Contains("true:", caption, StringComparison.Ordinal);
    }

    /// <summary>
    /// Sets a field and waits until the server holds the value (the page echoes it as data-NAME): CI once started a
    /// run with the default 10 epochs although the field showed 2. A change the server never got is typed again once.
    /// </summary>
    private static async Task SetNumberAsync(IPage page, string name, int value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        for (var attempt = 1; ; attempt++)
        {
            await PageActions.SetNumberAsync(page, name, value);
            try
            {
                await Assertions.Expect(TrainingPage(page)).ToHaveAttributeAsync($"data-{name}", text, new() { Timeout = 10_000 });
                return;
            }
            catch (PlaywrightException) when (attempt == 1)
            {
                await page.Locator($"input#{name}").FillAsync(string.Empty);
            }
        }
    }

    private static ILocator TrainingPage(IPage page) => page.Locator(".training-page");

    private static ILocator Start(IPage page) => page.Locator("#start");

    private static float Milliseconds(TimeSpan timeout) => PageActions.Milliseconds(timeout);
}
