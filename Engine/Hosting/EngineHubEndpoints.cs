using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

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

    public static HubEndpointConventionBuilder MapEngineHub(this IEndpointRouteBuilder endpoints, string path = DefaultPath) =>
        endpoints.MapHub<EngineHub>(path);

    /// <summary>
    /// A diverging run reports NaN or infinite losses and ETAs; plain JSON cannot carry them and the serializer
    /// would fail the whole stream. Both ends of the hub must agree on this, so the Client calls it too.
    /// </summary>
    public static void ConfigureJson(JsonSerializerOptions options) =>
        options.NumberHandling |= JsonNumberHandling.AllowNamedFloatingPointLiterals;
}
