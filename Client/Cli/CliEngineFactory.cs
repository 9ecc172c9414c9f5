using ExplainHub.Client.Remote;
using ExplainHub.Engine;
using ExplainHub.Shared;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace ExplainHub.Client.Cli;

/// <summary>
/// A <see cref="RemoteEngine"/> for <c>--engine URL</c>; otherwise the embedded engine, configured like the engine
/// host (section "Engine", here from environment variables such as <c>EXPLAINHUB_Engine__DataDirectory</c>).
/// Trained models persist in the engine's data directory, so separate runs see the same models.
/// </summary>
internal sealed class CliEngineFactory : ICliEngineFactory
{
    public async Task<EngineLease> OpenAsync(Uri? engineUrl, CancellationToken cancellationToken)
    {
        if (engineUrl is not null)
        {
            var remote = await RemoteEngine.ConnectAsync(engineUrl, RemoteEngineOptions.WithKey(Environment.GetEnvironmentVariable(ExplainHub.Engine.Hosting.EngineKey.EnvironmentVariable)), cancellationToken);
            return new EngineLease(remote, remote);
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddEnvironmentVariables("EXPLAINHUB_").Build());

        // Warnings only, and on stderr: stdout carries the command's result (possibly JSON).
        services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddSimpleConsole(options => options.SingleLine = true)
            .AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace));
        services.AddExplainEngine();
        var provider = services.BuildServiceProvider();
        return new EngineLease(provider.GetRequiredService<IEngine>(), provider);
    }
}
