using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ExplainHub.Engine.Hosting;

/// <summary>Serves the engine over SignalR: <c>AddEngineHub()</c> next to <c>AddExplainEngine()</c>, then <c>MapEngineHub()</c>.</summary>
public static class EngineHubEndpoints
{
    public const string DefaultPath = "/engine";

    /// <summary>
    /// Heat maps and image batches are far larger than SignalR's 32 KB default; 64 MB holds a few hundred
    /// 224×224 float maps per call.
    /// </summary>
    public const long MaximumReceiveMessageSize = 64L * 1024 * 1024;

    /// <summary>
    /// Calls one client may have running at once. A web app sends every user's calls over its one connection, and
    /// SignalR's default of one would queue them all behind the slowest (a job's cancel behind someone's occlusion).
    /// </summary>
    public const int MaximumParallelCalls = 16;

    public static IServiceCollection AddEngineHub(this IServiceCollection services)
    {
        // The engine hub's own options, not SignalR's defaults: a web app that serves it also serves hubs anyone may
        // open (review sessions), which keep the 32 KB message limit and their own error handling.
        services
            .AddSignalR()
            .AddHubOptions<EngineHub>(options =>
            {
                options.MaximumReceiveMessageSize = MaximumReceiveMessageSize;
                options.MaximumParallelInvocationsPerClient = MaximumParallelCalls;
                options.AddFilter<EngineHubErrorFilter>();
            })
            .AddJsonProtocol(options => ConfigureJson(options.PayloadSerializerOptions));
        services.AddHostedService<EngineJobBroadcaster>();
        return services;
    }

    /// <summary>
    /// Makes the hub require a key whenever the host listens beyond loopback (<see cref="EngineKey.ForListening"/>):
    /// the addresses come from <c>urls</c> (ASPNETCORE_URLS, --urls) and Kestrel's endpoints, else
    /// <paramref name="defaultUrl"/>.
    /// </summary>
    /// <param name="evenOnLoopback">Require a key on loopback too: a web app whose pages ask for the team's key may sit
    /// behind a reverse proxy that passes anyone to its loopback, and its engine hub must not be the open door.</param>
    public static IServiceCollection RequireKeyBeyondLoopback(
        this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration, string defaultUrl, bool evenOnLoopback = false)
    {
        var urls = ListeningKey.ListeningUrls(configuration, defaultUrl);
        var configured = new EngineOptions
        {
            DataDirectory = configuration[$"{EngineOptions.Section}:DataDirectory"],
            Key = configuration[$"{EngineOptions.Section}:Key"] is { Length: > 0 } key ? key : Environment.GetEnvironmentVariable(EngineKey.EnvironmentVariable),
        };
        var required = EngineKey.ForListening(configured.Key, urls, configured.ResolveDataDirectory(), Console.Out, evenOnLoopback);
        if (required is not null)
        {
            services.PostConfigure<EngineOptions>(o => o.Key = required);
        }

        return services;
    }

    /// <summary>
    /// Maps the hub (its negotiation and connection endpoints). A request from a web page (one with an Origin header)
    /// is refused with 403, and with <see cref="EngineOptions.Key"/> set a request without that key as its bearer
    /// token with 401, both before SignalR sees it.
    /// </summary>
    public static HubEndpointConventionBuilder MapEngineHub(this IEndpointRouteBuilder endpoints, string path = DefaultPath)
    {
        var hub = endpoints.MapHub<EngineHub>(path);
        var key = endpoints.ServiceProvider.GetService<IOptions<EngineOptions>>()?.Value.Key;
        var expected = string.IsNullOrEmpty(key) ? null : EngineKey.Hash(key);
        hub.Add(endpoint =>
        {
            var next = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = context =>
                // Browsers send Origin with every WebSocket handshake and cross-site request, and apply no CORS to
                // WebSockets: without this, any site a user visits could drive a keyless hub on their loopback. The
                // hub's clients (the web app's server side, the CLI, SignalR's .NET client) send none.
                context.Request.Headers.Origin.Count > 0 ? Refuse(context, StatusCodes.Status403Forbidden, "The engine hub takes no calls from web pages.")
                : expected is not null && !(EngineKey.Presented(context.Request) is { } given && EngineKey.Matches(given, expected))
                    ? Refuse(context, StatusCodes.Status401Unauthorized, "This engine needs its key (Engine:Key).")
                    : next(context);
        });

        return hub;
    }

    private static Task Refuse(HttpContext context, int status, string why)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsync(why);
    }

    /// <summary>
    /// A diverging run reports NaN or infinite losses and ETAs; plain JSON cannot carry them and the serializer
    /// would fail the whole stream. Both ends of the hub must agree on this, so the Client calls it too.
    /// </summary>
    public static void ConfigureJson(JsonSerializerOptions options) =>
        options.NumberHandling |= JsonNumberHandling.AllowNamedFloatingPointLiterals;
}
