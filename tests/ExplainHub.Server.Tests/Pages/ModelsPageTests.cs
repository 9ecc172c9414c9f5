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

    [Fact]
    public void DeleteAsksFirst_AndOnlyTheConfirmationDeletes()
    {
        Engine.AddModel("cnn");
        var page = Context.Render<ModelsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("#model-list tbody tr")));
        page.Find(".show-model").Click();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("#delete-model")));

        page.Find("#delete-model").Click();
        page.WaitForAssertion(() => Assert.Contains("Delete model cnn (cnn) and its files?", page.Find("#confirm-deletion").TextContent, StringComparison.Ordinal));
        page.Find("#cancel-delete").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("#confirm-deletion")));
        Assert.Empty(Engine.DeletedModels);

        page.Find("#delete-model").Click();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("#confirm-delete")));
        page.Find("#confirm-delete").Click();

        page.WaitForAssertion(() => Assert.Contains("Deleted model cnn (cnn).", page.Find("#models-notice").TextContent, StringComparison.Ordinal));
        Assert.Equal(["cnn"], Engine.DeletedModels);
        Assert.Empty(page.FindAll("#model-details"));
        Assert.Single(page.FindAll("#models-empty"));
    }
}
