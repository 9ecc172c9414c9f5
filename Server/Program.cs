using ExplainHub.Engine.Hosting;
using ExplainHub.Server;
using ExplainHub.Server.Access;
using ExplainHub.Server.Components;
using ExplainHub.Server.Leaderboards;
using ExplainHub.Server.Models;
using ExplainHub.Server.Sessions.Hub;
using ExplainHub.Server.Sessions.Persistence;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

MallocArenas.EnsureSingleArena();
var builder = WebApplication.CreateBuilder(args);

// Static assets of packages (_content/MudBlazor, _content/Plotly.Blazor, _framework/blazor.web.js) and of wwwroot come from the build's manifest only when this
// is on, which the host does by itself in Development only; with it on, `dotnet bin/.../ExplainHub.Server.dll`
// works in any environment. A published app has no such manifest and serves from its own wwwroot.
builder.WebHost.UseStaticWebAssets();

// Loopback by default: the app runs training jobs for whoever can reach it. ASPNETCORE_URLS or --urls override.
if (string.IsNullOrWhiteSpace(builder.Configuration["urls"]) && !builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
{
    var port = builder.Configuration.GetValue("PORT", 5080);
    builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
}

builder.Services.AddExplainHubServer(builder.Configuration);
var defaultUrl = $"http://127.0.0.1:{builder.Configuration.GetValue("PORT", 5080)}";
// The team's pages ask for the access key once the app listens beyond loopback (or a key is set); session links do not.
var access = TeamAccess.FromConfiguration(builder.Configuration, defaultUrl, Console.Out);
builder.Services.AddTeamAccess(access);
var endpoint = EngineEndpoint.FromConfiguration(builder.Configuration);
if (endpoint.IsEmbedded && endpoint.ServeHub)
{
    // Where the pages ask for a key, the engine hub beside them asks for its own, on loopback too.
    builder.Services.RequireKeyBeyondLoopback(builder.Configuration, defaultUrl, evenOnLoopback: access.Required);
}

var app = builder.Build();

// The schema is brought up to date before the first request: a session link must never meet a half-made database.
await app.Services.GetRequiredService<ReviewDatabase>().MigrateAsync();

app.UseTeamAccess();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapSignIn();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapHub<SessionHub>("/hubs/sessions");
app.MapLeaderboardExports();
app.MapModelExports();
if (endpoint.IsEmbedded && endpoint.ServeHub)
{
    app.MapEngineHub();
}

app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
    foreach (var address in addresses)
    {
        Console.WriteLine($"ExplainHub is running at {address}");
    }
});

await app.RunAsync();
