using Microsoft.Playwright;

namespace ExplainHub.EndToEnd.Tests;

/// <summary>The sweep page in a real browser against the real engine: a small AdaBoost sweep plots and lists each point.</summary>
public sealed class SweepPageTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private ServerProcess? _server;
    private IBrowserContext? _context;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync();
        _context = await browser.Instance.NewContextAsync();
    }

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task SmallSweep_PlotsAndListsEveryPoint()
    {
        var page = await _context!.NewPageAsync();
        await page.GotoAsync(new Uri(_server!.Url, "sweeps").ToString());
        await PageActions.WaitUntilInteractiveAsync(page, ".sweep-page", _server);

        var values = page.Locator("input[name='values']");
        await values.FillAsync("2,8");
        await values.PressAsync("Tab");
        await PageActions.SetNumberAsync(page, "train-subset", 500);
        await PageActions.SetNumberAsync(page, "test-subset", 200);
        await page.Locator("#start-sweep").ClickAsync();

        await Assertions.Expect(page.Locator(".sweep-page")).ToHaveAttributeAsync(
            "data-status", "Completed", new() { Timeout = PageActions.Milliseconds(TimeSpan.FromMinutes(3)) });
        await Assertions.Expect(page.Locator("#sweep-points tbody tr")).ToHaveCountAsync(2);
        await page.WaitForFunctionAsync("() => document.getElementById('sweep-chart').data[0].x.length === 2");
        var xs = await page.EvaluateAsync<double[]>("() => Array.from(document.getElementById('sweep-chart').data[0].x)");
        Assert.Equal([2.0, 8.0], xs);
    }
}
