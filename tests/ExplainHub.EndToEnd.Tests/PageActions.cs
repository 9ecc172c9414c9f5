using System.Globalization;
using System.Reflection;
using Microsoft.Playwright;

namespace ExplainHub.EndToEnd.Tests;

/// <summary>What every page test does with a Blazor Server page and MudBlazor inputs.</summary>
internal static class PageActions
{
    /// <summary>Clicks before the circuit is connected are lost (DESIGN §5); the page marks itself once it is.</summary>
    public static async Task WaitUntilInteractiveAsync(IPage page, string pageSelector, ServerProcess server)
    {
        try
        {
            await page.Locator($"{pageSelector}[data-interactive='true']").WaitForAsync(new() { Timeout = 60_000 });
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"The circuit never became interactive. Server output:\n{server.Output}", e);
        }
    }

    /// <summary>MudBlazor's inputs (InputId = <paramref name="id"/>) commit on change, i.e. when focus leaves them.</summary>
    public static async Task SetNumberAsync(IPage page, string id, int value) =>
        await SetTextAsync(page, id, value.ToString(CultureInfo.InvariantCulture));

    public static async Task SetTextAsync(IPage page, string id, string value)
    {
        var input = page.Locator($"input#{id}");
        await input.FillAsync(value);
        await input.PressAsync("Tab");
        await Assertions.Expect(input).ToHaveValueAsync(value);
    }

    /// <summary>Opens the MudSelect with CSS class <c>select-{name}</c> and clicks the item with this text in its popover.</summary>
    /// <remarks>
    /// While a job streams progress the page re-renders several times a second on a busy server, and a click on the
    /// item can land on a list the next render replaces (seen in CI: the popover closed, the value unchanged). So the
    /// choice is made again, a few times, until the select shows it; a real failure still fails with the last value.
    /// </remarks>
    public static async Task ChooseAsync(IPage page, string name, string item)
    {
        var select = page.Locator($".select-{name}");
        var value = select.Locator("input").First;
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var popover = page.Locator(".mud-popover-open .mud-list-item");
            if (await popover.CountAsync() == 0)
                await select.Locator(".mud-input-control-input-container").ClickAsync();
            await popover.GetByText(item, new() { Exact = true }).ClickAsync();
            try
            {
                await Assertions.Expect(value).ToHaveValueAsync(item, new() { Timeout = attempt < attempts ? 5_000 : 15_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < attempts)
            {
            }
        }
    }

    /// <summary>Saves the whole page as artifacts/screenshots/<paramref name="name"/>.png, for people to look at.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var directory = typeof(PageActions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ExplainHub.ScreenshotDirectory").Value!;
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(directory, name + ".png"), FullPage = true });

        // The viewport was resized for the shot and the page lays out and scrolls back afterwards; a click before that
        // settles can land where its target was (seen: a button clicked at its old place, the click lost).
        await page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
    }

    public static float Milliseconds(TimeSpan timeout) => (float)timeout.TotalMilliseconds;
}
