using System.Globalization;
using Microsoft.Playwright;

namespace ExplainHub.EndToEnd.Tests;

/// <summary>What every page test does with a Blazor Server page and Radzen inputs.</summary>
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

    /// <summary>Radzen's numeric input commits on change, i.e. when focus leaves it.</summary>
    public static async Task SetNumberAsync(IPage page, string name, int value)
    {
        var input = page.Locator($"input[name='{name}']");
        await input.FillAsync(value.ToString(CultureInfo.InvariantCulture));
        await input.PressAsync("Tab");
        await Assertions.Expect(input).ToHaveValueAsync(value.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Opens the Radzen drop-down whose hidden input has this name and clicks the item with this text.</summary>
    public static async Task ChooseAsync(IPage page, string name, string item)
    {
        var dropDown = page.Locator(".rz-dropdown", new() { Has = page.Locator($"input[name='{name}']") });
        await dropDown.ClickAsync();
        await page.Locator(".rz-dropdown-item:visible").GetByText(item, new() { Exact = true }).ClickAsync();
        await Assertions.Expect(dropDown.Locator(".rz-dropdown-label")).ToHaveTextAsync(item);
    }

    public static float Milliseconds(TimeSpan timeout) => (float)timeout.TotalMilliseconds;
}
