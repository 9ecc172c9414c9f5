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

    public static IServiceCollection AddEngineHub(this IServiceCollection services)
    {
        services
            .AddSignalR(options =>
            {
                options.MaximumReceiveMessageSize = MaximumReceiveMessageSize;
                options.AddFilter<EngineHubErrorFilter>();
            })
            .AddJsonProtocol(options => ConfigureJson(options.PayloadSerializerOptions));
        services.AddHostedService<EngineJobBroadcaster>();
        return services;
    }

    /// <summary>
    /// Maps the hub (its negotiation and connection endpoints); with <see cref="EngineOptions.Key"/> set, a request
    /// without that key as its bearer token is refused with 401 before SignalR sees it.
    /// </summary>
    public static HubEndpointConventionBuilder MapEngineHub(this IEndpointRouteBuilder endpoints, string path = DefaultPath)
    {
        var hub = endpoints.MapHub<EngineHub>(path);
        var key = endpoints.ServiceProvider.GetService<IOptions<EngineOptions>>()?.Value.Key;
        if (!string.IsNullOrEmpty(key))
        {
            var expected = EngineKey.Hash(key);
            hub.Add(endpoint =>
            {
                var next = endpoint.RequestDelegate!;
                endpoint.RequestDelegate = context => EngineKey.Presented(context.Request) is { } given && EngineKey.Matches(given, expected)
                    ? next(context)
                    : Refuse(context);
            });
        }

        return hub;
    }

    private static Task Refuse(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return context.Response.WriteAsync("This engine needs its key (Engine:Key).");
    }

    /// <summary>
    /// A diverging run reports NaN or infinite losses and ETAs; plain JSON cannot carry them and the serializer
    /// would fail the whole stream. Both ends of the hub must agree on this, so the Client calls it too.
    /// </summary>
    public static void ConfigureJson(JsonSerializerOptions options) =>
        options.NumberHandling |= JsonNumberHandling.AllowNamedFloatingPointLiterals;
}
