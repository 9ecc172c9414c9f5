using ExplainHub.Client.Remote;
using ExplainHub.Shared;
using Microsoft.Playwright;

namespace ExplainHub.EndToEnd.Tests;

/// <summary>The Compare page in a real browser, on models of two different kinds trained through the Server's own engine.</summary>
public sealed class ComparePageTests(Browser browser) : PageTest(browser), IClassFixture<Browser>
{
    private static readonly TimeSpan MapsTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task ANetworkAndALinearSvm_AreComparedOnATestImage_ThenOnAnUploadedPng()
    {
        await using var engine = await RemoteEngine.ConnectAsync(Server.Url);
        var trained = new List<string>();
        foreach (var kind in new[] { ModelKinds.SeedCnn, ModelKinds.LinearSvm })
        {
            var job = await engine.TrainAsync(new TrainRequest("fashion-mnist", kind, Epochs: 1, TrainSubset: 1000, TestSubset: 500));
            Assert.Equal(JobState.Completed, job.State);
            trained.Add(job.ModelId!);
        }

        var expected = 0;
        foreach (var model in trained)
        {
            expected += (await engine.GetMethodsAsync(model)).Count(m => m.Applies);
        }

        var page = await Context.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 800);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await page.GotoAsync(new Uri(Server.Url, "compare").ToString());
        await PageActions.WaitUntilInteractiveAsync(page, ".compare-page", Server);
        await ExpectEveryTileAsync(page, expected);
        var firstGrid = clock.Elapsed;

        // Every applicable (model, function) pair is a drawn 112 px tile; the rest say they do not apply.
        await page.WaitForFunctionAsync(
            "() => Array.from(document.querySelectorAll('#compare-grid .compare-tile.ready img')).every(i => i.complete && i.naturalWidth === 112)");
        Assert.Equal(trained.Count * await page.Locator("#compare-grid .compare-header").CountAsync(), await page.Locator("#compare-grid .compare-tile").CountAsync());
        await Assertions.Expect(page.Locator("#agreement")).ToBeVisibleAsync();
        await PageActions.ScreenshotAsync(page, "compare");
        Assert.StartsWith("data:image/png;base64,", await page.Locator("#grid-png").GetAttributeAsync("href"), StringComparison.Ordinal);

        await page.Locator("#compare-grid .compare-tile.ready").First.ClickAsync();
        await Assertions.Expect(page.Locator("#enlarged-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await PageActions.ScreenshotAsync(page, "compare-enlarged");

        // Occlusion's column run again with 4-pixel patches: every model's occlusion map is recomputed, the view stays open.
        await page.Locator("#compare-grid .compare-tile.ready[data-method='occlusion']").First.ClickAsync();
        await PageActions.SetTextAsync(page, "param-patch", "4");
        await page.Locator("#apply-parameters").ClickAsync();
        await Assertions.Expect(page.Locator("#compare-grid .compare-header").Filter(new() { HasText = "patch=4" })).ToHaveCountAsync(1);
        await ExpectEveryTileAsync(page, expected);
        await Assertions.Expect(page.Locator("#enlarged")).ToContainTextAsync("Occlusion");

        // An uploaded PNG (bright square on black, 56×56 RGB) is converted to the models' 28×28 grey and explained too.
        await page.Locator(".upload input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "square.png",
            MimeType = "image/png",
            Buffer = TestPictures.BrightSquarePng(),
        });
        await Assertions.Expect(page.Locator(".image-card")).ToContainTextAsync("upload 'square.png'", new() { Timeout = PageActions.Milliseconds(MapsTimeout) });
        await ExpectEveryTileAsync(page, expected);
        await Assertions.Expect(page.Locator(".image-card .notice")).ToContainTextAsync("resized to 28×28");
        Assert.Equal(0, await page.Locator("#compare-grid .compare-tile.ready.correct, #compare-grid .compare-tile.ready.wrong").CountAsync());
        await PageActions.ScreenshotAsync(page, "compare-upload");
        Console.WriteLine($"Compare: {expected} tiles from opening the page to the last tile in {firstGrid.TotalSeconds:0.0} s");

        // The same two models on the Models page: a report of the test split, its confusion matrix, what each learned.
        await page.GotoAsync(new Uri(Server.Url, "models").ToString());
        await PageActions.WaitUntilInteractiveAsync(page, ".models-page", Server);
        await Assertions.Expect(page.Locator("#model-list tbody tr")).ToHaveCountAsync(2);
        await page.Locator(".show-model").Last.ClickAsync();
        await Assertions.Expect(page.Locator("#report tbody tr")).ToHaveCountAsync(12, new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#confusion-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#representation img")).Not.ToHaveCountAsync(0);
        await PageActions.ScreenshotAsync(page, "models");

        // A network downloads as model.safetensors + model.json; an SVM has no such export; an unknown id is a 404.
        var export = await page.APIRequest.GetAsync(new Uri(Server.Url, $"exports/models/{trained[0]}.zip").ToString());
        Assert.Equal(200, export.Status);
        using (var zip = new System.IO.Compression.ZipArchive(new MemoryStream(await export.BodyAsync())))
        {
            Assert.Equal(["model.json", "model.safetensors"], zip.Entries.Select(e => e.Name).Order(StringComparer.Ordinal));
        }

        Assert.Equal(400, (await page.APIRequest.GetAsync(new Uri(Server.Url, $"exports/models/{trained[1]}.zip").ToString())).Status);
        Assert.Equal(404, (await page.APIRequest.GetAsync(new Uri(Server.Url, "exports/models/m-nope.zip").ToString())).Status);

        // The network shown is deleted: Delete… asks first, the confirmation deletes it for every caller of the engine.
        await page.Locator("#delete-model").ClickAsync();
        await Assertions.Expect(page.Locator("#confirm-deletion")).ToContainTextAsync(trained[0]);
        await page.Locator("#confirm-delete").ClickAsync();
        await Assertions.Expect(page.Locator("#models-notice")).ToContainTextAsync($"({trained[0]})");
        await Assertions.Expect(page.Locator("#model-list tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#model-details")).ToHaveCountAsync(0);
        Assert.Equal([trained[1]], (await engine.ListModelsAsync()).Select(m => m.Id));
    }

    private static async Task ExpectEveryTileAsync(IPage page, int expected)
    {
        // Right after the circuit connects the page is not computing yet (no tiles), so "not computing" alone can be
        // seen before the maps are asked for (CI saw it): the count of ready tiles is what is waited for.
        var grid = page.Locator(".compare-page");
        await Assertions.Expect(grid).ToHaveAttributeAsync("data-ready", expected.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new() { Timeout = PageActions.Milliseconds(MapsTimeout) });
        await Assertions.Expect(grid).ToHaveAttributeAsync("data-computing", "false", new() { Timeout = PageActions.Milliseconds(MapsTimeout) });
        await Assertions.Expect(page.Locator("#compare-grid .compare-tile.ready")).ToHaveCountAsync(expected);
    }
}
