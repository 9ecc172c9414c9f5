using ExplainHub.Client;
using ExplainHub.Engine;
using ExplainHub.Engine.Hosting;
using ExplainHub.Server.Compare;
using ExplainHub.Server.Data;
using ExplainHub.Server.Layout;
using ExplainHub.Server.Sessions;
using ExplainHub.Server.Sessions.Persistence;
using ExplainHub.Server.Sessions.Snapshots;
using ExplainHub.Server.Sessions.Uploads;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;

namespace ExplainHub.Server;

public static class ServerServiceCollectionExtensions
{
    /// <summary>
    /// The web app's services. The engine is embedded when <c>Engine:Url</c> is empty (and served on the engine hub
    /// too only with <c>Engine:ServeHub</c>, so the CLI can talk to the running app), remote otherwise.
    /// </summary>
    public static IServiceCollection AddExplainHubServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.TryAddSingleton<ExplanationCache>();
        services.TryAddSingleton(new ImportStaging());
        services.TryAddScoped<DatasetInUse>();

        var engine = EngineEndpoint.FromConfiguration(configuration);
        if (engine.IsEmbedded)
        {
            services.AddExplainEngine();
            if (engine.ServeHub)
            {
                services.AddEngineHub();
            }
        }
        else
        {
            services.AddRemoteEngine(engine.Url!, ExplainHub.Client.Remote.RemoteEngineOptions.WithKey(engine.Key));
        }

        services.AddSingleton(engine);
        services.AddReviewSessions(configuration);
        return services;
    }

    /// <summary>
    /// Review sessions, kept where <c>Sessions</c> says: by default SQLite under the engine's data folder, so one
    /// setting (Engine:DataDirectory or EXPLAINHUB_DATA) moves everything the app keeps.
    /// </summary>
    public static IServiceCollection AddReviewSessions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReviewSessionOptions>()
            .Bind(configuration.GetSection(ReviewSessionOptions.Section))
            .PostConfigure(options =>
            {
                options.DataDirectory ??= configuration[$"{EngineOptions.Section}:{nameof(EngineOptions.DataDirectory)}"];
                options.ConnectionString ??= configuration.GetConnectionString("Sessions");
            });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ReviewDatabase>();
        services.TryAddSingleton<ReviewSessions>();
        services.TryAddSingleton<SnapshotStore>();
        services.TryAddSingleton<SessionUploads>();
        return services;
    }
}
