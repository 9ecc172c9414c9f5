using Bunit;
using ExplainHub.Shared;
using ComparePage = ExplainHub.Server.Components.Pages.Compare;

namespace ExplainHub.Server.Tests.Pages;

public sealed class ComparePageTests : ComponentTest
{
    private static readonly MethodInfo Cam = new(ExplanationMethods.Cam, "CAM", "Zhou et al. 2016", "a GAP head", []);
    private static readonly MethodInfo Occlusion = new(ExplanationMethods.Occlusion, "Occlusion", "seed 002 eq. 1", "only predictions", []);

    [Fact]
    public void WithoutModels_ThePageSaysWhatToDoNext()
    {
        var page = Context.Render<ComparePage>();

        page.WaitForAssertion(() => Assert.Contains("No model is trained on Fashion-MNIST yet", page.Find("#compare-empty").TextContent, StringComparison.Ordinal));
        Assert.Equal(["", "sweeps"], page.FindAll("#compare-empty a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public void EveryTileIsDrawn_WithAltText_ThoseThatDoNotApplySayWhy_AndATileOpensLarge()
    {
        Engine.AddModel("net", DateTimeOffset.UnixEpoch.AddDays(2)); // newest first: net is the first row
        Engine.AddModel("svm", DateTimeOffset.UnixEpoch.AddDays(1));
        Engine.MethodsOf = id => id == "net"
            ? [new(Cam, true, null), new(Occlusion, true, null)]
            : [new(Cam, false, "CAM needs a GAP head"), new(Occlusion, true, null)];

        var page = Context.Render<ComparePage>();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("#compare-grid .compare-tile.ready").Count));
        Assert.Equal(["CAM", "Occlusion"], page.FindAll("#compare-grid .compare-header").Select(h => h.TextContent));
        var images = page.FindAll("#compare-grid .compare-tile-image");
        Assert.All(images, i => Assert.Contains(" on test image 0", i.GetAttribute("alt"), StringComparison.Ordinal));
        var notApplicable = page.Find("#compare-grid .compare-tile.not-applicable");
        Assert.Equal("Does not apply: CAM needs a GAP head", notApplicable.GetAttribute("aria-label"));
        Assert.Equal(3, page.FindAll("#agreement tbody tr").Count);
        Assert.Equal("3 of 3", $"{page.Find(".compare-page").GetAttribute("data-ready")} of {page.Find(".compare-page").GetAttribute("data-tiles")}");

        page.Find("#compare-grid .compare-tile.ready").Click();

        page.WaitForAssertion(() => Assert.Contains("model net · CAM", page.Find("#enlarged h2").TextContent, StringComparison.Ordinal));
        Assert.Single(page.FindAll("#enlarged-chart"));
    }
}
