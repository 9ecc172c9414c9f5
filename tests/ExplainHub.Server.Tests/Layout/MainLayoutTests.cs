using Bunit;
using ExplainHub.Server.Components.Layout;
using ExplainHub.Shared;
using ExplainHub.Server.Layout;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace ExplainHub.Server.Tests.Layout;

public sealed class MainLayoutTests : ComponentTest
{
    [Fact]
    public void TheAppBar_ShowsTheEngine_NavigatesToEveryPage_AndRendersThePage()
    {
        Engine.AddRunningJob(new TrainRequest("fashion-mnist"));

        var layout = Context.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddMarkupContent(0, "<p id='page'>the page</p>"))));

        layout.WaitForAssertion(() => Assert.Contains("1 running · 0 queued", layout.Find("#engine-status").TextContent, StringComparison.Ordinal));
        Assert.Contains("cpu · 1 thread", layout.Find("#engine-status").TextContent, StringComparison.Ordinal);
        Assert.Equal("the page", layout.Find("#page").TextContent);
        var links = layout.FindAll("nav a").Select(a => a.GetAttribute("href")).ToArray();
        Assert.Contains("", links);
        Assert.Contains("sweeps", links);
    }

    [Fact]
    public void TheAppBar_ShowsTheDataSetInUse_TheBuiltInOneUntilAPageSetsAnother()
    {
        var layout = Context.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(_ => { })));
        layout.WaitForAssertion(() => Assert.Contains("Fashion-MNIST", layout.Find("#dataset-in-use").TextContent, StringComparison.Ordinal));

        Context.Services.GetRequiredService<DatasetInUse>().Set(Engine.Dataset with { Id = "fer2013", Name = "FER2013" });

        layout.WaitForAssertion(() => Assert.Contains("FER2013", layout.Find("#dataset-in-use").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void TheThemeToggle_SwitchesBetweenLightAndDark()
    {
        var layout = Context.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(_ => { })));

        Assert.Equal("Switch to the dark theme", layout.Find("#theme-toggle").GetAttribute("aria-label"));
        layout.Find("#theme-toggle").Click();
        Assert.Equal("Switch to the light theme", layout.Find("#theme-toggle").GetAttribute("aria-label"));
    }
}
