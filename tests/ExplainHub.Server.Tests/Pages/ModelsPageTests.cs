using Bunit;
using ModelsPage = ExplainHub.Server.Components.Pages.Models;

namespace ExplainHub.Server.Tests.Pages;

public sealed class ModelsPageTests : ComponentTest
{
    [Fact]
    public void WithoutModels_ThePageSaysWhatToDoNext()
    {
        var page = Context.Render<ModelsPage>();

        page.WaitForAssertion(() => Assert.Contains("No trained model yet", page.Find("#models-empty").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void Details_ShowTheReportPerClass_AndTheConfusionMatrixChart()
    {
        Engine.AddModel("cnn");
        var page = Context.Render<ModelsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("#model-list tbody tr")));

        page.Find(".show-model").Click();

        page.WaitForAssertion(() => Assert.Equal(10 + 2, page.FindAll("#report tbody tr").Count));
        Assert.Single(page.FindAll("#confusion-chart"));
        Assert.Contains("No representation: The fake engine's models have no representation.", page.Find("#model-details").TextContent, StringComparison.Ordinal);
    }
}
