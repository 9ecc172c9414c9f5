using System.Text.Json.Nodes;

namespace ExplainHub.Bench;

/// <summary>
/// Only the tuned recipe of <see cref="SeedCnnBenchmark"/>: its accuracy, for trying recipes quickly.
/// Arguments: [epochs] [learning rate] [unstandardised] override the recipe's.
/// </summary>
internal sealed class SeedCnnTunedBenchmark : IBenchmark
{
    public Task<JsonObject> RunAsync(string[] args)
    {
        var (dataset, _) = SeedCnnBenchmark.LoadFashionMnist(Environment.ProcessorCount);
        using var model = SeedCnnBenchmark.NewModel(dataset);
        var request = SeedCnnBenchmark.Tuned(dataset.Info.Id);
        if (args.Length > 0)
        {
            request = request with { Epochs = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) };
        }

        if (args.Length > 1)
        {
            request = request with { LearningRate = double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) };
        }

        if (args.Length > 2 && args[2] == "unstandardised")
        {
            request = request with { StandardizeInputs = false };
        }

        var outcome = SeedCnnBenchmark.Train(model, dataset, request);
        return Task.FromResult(new JsonObject
        {
            ["benchmark"] = "seed-cnn-tuned",
            ["epochs"] = request.Epochs,
            ["learning_rate"] = request.LearningRate,
            ["accuracy_tuned"] = Math.Round(outcome.TestAccuracy ?? 0, 4),
            ["train_ips"] = Math.Round(outcome.TrainImagesPerSecond, 1),
        });
    }
}
