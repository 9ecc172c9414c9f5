using System.Text.Json.Nodes;

namespace ExplainHub.Bench;

/// <summary>Only the tuned recipe of <see cref="SeedCnnBenchmark"/>: its accuracy, for trying recipes quickly.</summary>
internal sealed class SeedCnnTunedBenchmark : IBenchmark
{
    public Task<JsonObject> RunAsync(string[] args)
    {
        var (dataset, _) = SeedCnnBenchmark.LoadFashionMnist(Environment.ProcessorCount);
        using var model = SeedCnnBenchmark.NewModel(dataset);
        var outcome = SeedCnnBenchmark.Train(model, dataset, SeedCnnBenchmark.Tuned(dataset.Info.Id));
        return Task.FromResult(new JsonObject
        {
            ["benchmark"] = "seed-cnn-tuned",
            ["tuned_recipe"] = SeedCnnBenchmark.TunedRecipe,
            ["accuracy_tuned"] = Math.Round(outcome.TestAccuracy ?? 0, 4),
            ["train_ips"] = Math.Round(outcome.TrainImagesPerSecond, 1),
        });
    }
}
