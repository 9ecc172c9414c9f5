using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ExplainHub.Engine.Hosting;

/// <summary>
/// The engine on its own (e.g. on a GPU machine): the same <see cref="Shared.IEngine"/> served over SignalR at
/// /engine. Listens on 127.0.0.1:5090 unless --urls or ASPNETCORE_URLS says otherwise.
/// </summary>
public static class EngineHostProgram
{
    public static async Task<int> Main(string[] args)
    {
        MallocArenas.EnsureSingleArena();
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_URLS")))
        {
            builder.WebHost.UseUrls("http://127.0.0.1:5090");
        }

        builder.Services.AddExplainEngine(o => o.PreloadFashionMnist = true);
        builder.Services.AddEngineHub();
        builder.Services.RequireKeyBeyondLoopback(builder.Configuration, "http://127.0.0.1:5090");
        var app = builder.Build();
        app.MapEngineHub();
        app.MapGet("/health", () => "ok");
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
