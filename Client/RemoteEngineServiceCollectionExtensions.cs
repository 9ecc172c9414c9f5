using ExplainHub.Client.Remote;
using ExplainHub.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace ExplainHub.Client;

public static class RemoteEngineServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IEngine"/> as the engine host at <paramref name="url"/> (config <c>Engine:Url</c>),
    /// connected on first use so the application starts even while the host is still coming up.
    /// </summary>
    /// <exception cref="EngineException">The URL is not an http(s)/ws(s) URL; raised here, at start-up.</exception>
    public static IServiceCollection AddRemoteEngine(this IServiceCollection services, Uri url, RemoteEngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var hubUrl = EngineUrl.ToHubUri(url);

        // Created by the container so that the container disposes it (and closes the connection) on shutdown.
        services.TryAddSingleton<IEngine>(provider =>
        {
            if (EngineUrl.InTheClear(hubUrl) is { } risk)
            {
                provider.GetService<ILoggerFactory>()?.CreateLogger(typeof(RemoteEngine).FullName!).LogWarning("Engine:Url: {Risk}", risk);
            }

            return new LazyRemoteEngine(hubUrl, options ?? RemoteEngineOptions.Default);
        });
        return services;
    }
}
