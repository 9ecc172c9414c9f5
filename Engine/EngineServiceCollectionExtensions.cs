using ExplainHub.Shared;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ExplainHub.Engine;

public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// The embedded engine as the singleton <see cref="IEngine"/>. Options come from the "Engine" configuration
    /// section when there is a configuration, then from <paramref name="configure"/>.
    /// </summary>
    public static IServiceCollection AddExplainEngine(this IServiceCollection services, Action<EngineOptions>? configure = null)
    {
        services.AddLogging();
        services.AddOptions<EngineOptions>()
            .Configure<IServiceProvider>((options, provider) =>
                provider.GetService<IConfiguration>()?.GetSection(EngineOptions.Section).Bind(options))
            .Configure(options => configure?.Invoke(options))
            .Validate(o => o.Threads >= 0, "Engine:Threads must be 0 (one per core) or positive.")
            .ValidateOnStart();
        services.TryAddSingleton(provider => new EmbeddedEngine(
            provider.GetRequiredService<IOptions<EngineOptions>>().Value,
            provider.GetService<ILogger<EmbeddedEngine>>()));
        services.TryAddSingleton<IEngine>(provider => provider.GetRequiredService<EmbeddedEngine>());
        services.AddHostedService<EnginePreloader>();
        return services;
    }
}
