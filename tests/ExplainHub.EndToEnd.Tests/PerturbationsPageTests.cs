using ExplainHub.Client.Remote;
using ExplainHub.Shared;
using Microsoft.Playwright;

namespace ExplainHub.EndToEnd.Tests;

/// <summary>The Perturbations page in a real browser: seed 004's run started on the page, followed, then its Table 4.1 row and figures.</summary>
public sealed class PerturbationsPageTests(Browser browser) : PageTest(browser), IClassFixture<Browser>
{
    [Fact]
    public async Task ARunStartedOnThePage_EndsAsATable41Row_AndItsFiguresForATestImage()
    {
        await using (var engine = await RemoteEngine.ConnectAsync(Server.Url))
        {
            var job = await engine.TrainAsync(new TrainRequest("fashion-mnist", ModelKinds.SeedCnn, Epochs: 1, TrainSubset: 1000, TestSubset: 500));
            Assert.Equal(JobState.Completed, job.State);
        }

        var page = await Context.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 800);
        await page.GotoAsync(new Uri(Server.Url, "perturbations").ToString());
        var root = page.Locator(".perturbations-page");
        await PageActions.WaitUntilInteractiveAsync(page, ".perturbations-page", Server);
        await Assertions.Expect(page.Locator("#no-combined")).ToBeVisibleAsync();

        // A small U-Net on 300 images: the page's defaults (the reference's widths, 10,000 images) take minutes on a CPU.
        await PageActions.SetTextAsync(page, "unet-widths", "16,32");
        await PageActions.SetNumberAsync(page, "perturb-train-subset", 300);
        await Assertions.Expect(root).ToHaveAttributeAsync("data-widths", "16,32");
        await Assertions.Expect(root).ToHaveAttributeAsync("data-subset", "300");
        await page.Locator("#start-perturbation").ClickAsync();
        await Assertions.Expect(page.Locator("#perturbation-progress")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#perturbation-message")).ToContainTextAsync("is ready", new() { Timeout = PageActions.Milliseconds(TimeSpan.FromMinutes(3)) });
        await Assertions.Expect(root).ToHaveAttributeAsync("data-running", "false");
        var row = page.Locator("#table41 tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("train split only");
        await Assertions.Expect(root).ToHaveAttributeAsync("data-loading", "false");
        await Assertions.Expect(page.Locator("#figure-41 img")).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("#figure-43 img")).ToHaveCountAsync(4); // two layers, on the input and on the output
        Assert.Contains(await page.Locator("#verdict-classifier").GetAttributeAsync("data-correct"), new[] { "true", "false" });
        Assert.Contains(await page.Locator("#verdict-combined").GetAttributeAsync("data-correct"), new[] { "true", "false" });

        await PageActions.SetNumberAsync(page, "perturb-image", 3);
        await Assertions.Expect(root).ToHaveAttributeAsync("data-image", "3");
        await Assertions.Expect(root).ToHaveAttributeAsync("data-loading", "false");
        await Assertions.Expect(page.Locator("#perturbation-figures")).ToContainTextAsync("test image 3");

        // Any image: a 56×56 colour PNG, converted by the engine to the models' 28×28 grey; no label, so no ✓ or ✗.
        await page.Locator("#perturbation-figures .upload input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "square.png",
            MimeType = "image/png",
            Buffer = TestPictures.BrightSquarePng(),
        });
        await Assertions.Expect(root).ToHaveAttributeAsync("data-image", "upload");
        await Assertions.Expect(page.Locator("#perturbation-figures")).ToContainTextAsync("the uploaded image", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#perturbation-figures .conversion-notice")).ToContainTextAsync("28×28");
        await Assertions.Expect(page.Locator("#figure-41 img")).ToHaveCountAsync(5);
        Assert.Null(await page.Locator("#verdict-classifier").GetAttributeAsync("data-correct"));
        await PageActions.ScreenshotAsync(page, "perturbations");
    }
}
