using ExplainHub.Engine.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ExplainHub.Client.Tests.Fakes;

/// <summary>
/// A real Kestrel engine host on 127.0.0.1 and a free port, serving whatever <see cref="Shared.IEngine"/> the test
/// registers through the same <c>AddEngineHub()</c>/<c>MapEngineHub()</c> the engine host uses.
/// </summary>
internal sealed class LoopbackEngineHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackEngineHost(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The host's base address (http://127.0.0.1:port), which RemoteEngine turns into http://…/engine.</summary>
    public Uri Url { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The access tokens requests to this host carried, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> AccessTokens { get; private init; } = new();

    /// <param name="url">Where to listen; a free loopback port by default (a host that comes back takes its old one).</param>
    public static async Task<LoopbackEngineHost> StartAsync(Action<IServiceCollection> addEngine, string? engineKey = null, Uri? url = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url?.ToString() ?? "http://127.0.0.1:0");

        // A test that leaves a call hanging on purpose must not wait out the default 30 s grace period.
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(2));
        addEngine(builder.Services);
        builder.Services.Configure<ExplainHub.Engine.EngineOptions>(options => options.Key = engineKey);
        builder.Services.AddEngineHub();

        var app = builder.Build();
        var tokens = new System.Collections.Concurrent.ConcurrentQueue<string>();
        app.Use(async (context, next) =>
        {
            if (EngineKey.Presented(context.Request) is { } token)
            {
                tokens.Enqueue(token);
            }

            await next();
        });
        app.MapEngineHub();
        await app.StartAsync();
        return new LoopbackEngineHost(app, new Uri(app.Urls.Single())) { AccessTokens = tokens };
    }

    public Task StopAsync() => _app.StopAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
