using Bunit;
using ExplainHub.Server.Access;
using ExplainHub.Server.Compare;
using ExplainHub.Server.Layout;
using ExplainHub.Server.Tests.Fakes;
using ExplainHub.Shared;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace ExplainHub.Server.Tests;

/// <summary>
/// A bUnit context with what MudBlazor components need (its services, JS interop answered loosely) and a fake
/// engine. MudBlazor's services are only async-disposable, so the context is disposed asynchronously.
/// </summary>
public abstract class ComponentTest : IAsyncLifetime
{
    protected ComponentTest()
    {
        // Renders that follow a fake engine's answers are quick, but a cold, busy test run (2 cores, JIT) can take
        // longer than bUnit's 1 s default to settle; a failure still fails, only later.
        BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(10);
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddMudServices();
        Context.Services.AddSingleton<IEngine>(Engine);
        Context.Services.AddScoped<DatasetInUse>();
        Context.Services.AddSingleton<ExplanationCache>();
        Context.Services.AddSingleton(TeamAccess.Open);
    }

    protected BunitContext Context { get; } = new();

    protected FakeEngine Engine { get; } = new();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync() => await Context.DisposeAsync();
}
