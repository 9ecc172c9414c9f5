using System.IO.Compression;
using ExplainHub.Engine.Imaging;
using Microsoft.Playwright;

namespace ExplainHub.EndToEnd.Tests;

/// <summary>The Data page in a real browser: a zip of class folders, made here, is uploaded, imported and shown.</summary>
public sealed class DataPageTests(Browser browser) : PageTest(browser), IClassFixture<Browser>
{
    [Fact]
    public async Task AnUploadedImageFolderZip_IsImported_AndItsImagesAreShownWithTheirClass()
    {
        var page = await Context.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 800);
        await page.GotoAsync(new Uri(Server.Url, "data").ToString());
        await PageActions.WaitUntilInteractiveAsync(page, ".data-page", Server);
        await Assertions.Expect(page.Locator("#image-grid .image-tile")).ToHaveCountAsync(48); // Fashion-MNIST's first test page

        await PageActions.SetNumberAsync(page, "import-size", 16);
        await page.Locator(".import-upload input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "stripes.zip",
            MimeType = "application/zip",
            Buffer = StripesZip(),
        });

        await Assertions.Expect(page.Locator(".data-page")).ToHaveAttributeAsync("data-dataset", "stripes", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#import-message")).ToContainTextAsync("Imported 'stripes'");
        await Assertions.Expect(page.Locator("#datasets tbody tr[data-dataset='stripes'] td").Nth(2)).ToHaveTextAsync("16×16 RGB");
        var tiles = page.Locator("#image-grid .image-tile");
        Assert.True(await tiles.CountAsync() > 0);
        var captions = await page.Locator("#image-grid figcaption").AllInnerTextsAsync();
        Assert.All(captions, c => Assert.True(c.EndsWith("horizontal", StringComparison.Ordinal) || c.EndsWith("vertical", StringComparison.Ordinal), c));
        await PageActions.ScreenshotAsync(page, "data");
    }

    // Two classes of 20 PNGs each: horizontal and vertical stripes, 24×24 RGB (imported at 16×16).
    private static byte[] StripesZip()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (label, horizontal) in new[] { ("horizontal", true), ("vertical", false) })
            {
                for (var n = 0; n < 20; n++)
                {
                    var rgb = new byte[24 * 24 * 3];
                    for (var y = 0; y < 24; y++)
                    {
                        for (var x = 0; x < 24; x++)
                        {
                            var on = ((horizontal ? y : x) + n) / 3 % 2 == 0;
                            rgb.AsSpan(((y * 24) + x) * 3, 3).Fill(on ? (byte)220 : (byte)30);
                        }
                    }

                    using var entry = zip.CreateEntry($"stripes/{label}/{n:00}.png").Open();
                    entry.Write(ImageCodec.Encode(rgb, 24, 24, 3));
                }
            }
        }

        return buffer.ToArray();
    }
}
