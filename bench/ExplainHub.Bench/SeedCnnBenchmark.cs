using System.Diagnostics;
using System.Text.Json.Nodes;
using ExplainHub.Engine;
using ExplainHub.Engine.Data;
using ExplainHub.Engine.Models;
using ExplainHub.Engine.Native;
using ExplainHub.Engine.Networks;
using ExplainHub.Engine.Training;
using ExplainHub.Shared;

namespace ExplainHub.Bench;

/// <summary>
/// Seed-001 CNN on the full Fashion-MNIST split with the seed's recipe (Adam 1e-3, batch 64, 10 epochs):
/// training images/s (batching + steps), steady-state inference images/s (batch 256, median of 20), test
/// accuracy and peak RSS — then reference/w1_seed_cnn.py with the same epochs, threads and allocator setting.
/// </summary>
internal sealed class SeedCnnBenchmark : IBenchmark
{
    public async Task<JsonObject> RunAsync(string[] args)
    {
        var epochs = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10;
        var threads = Environment.ProcessorCount;
        var (dataset, load) = LoadFashionMnist(threads);

        using var model = NewModel(dataset);
        Console.Error.WriteLine($"ours: training the seed CNN for {epochs} epochs on {dataset.Train.Count} images …");
        var outcome = Train(model, dataset, new TrainRequest(dataset.Info.Id, Epochs: epochs, Seed: 0));
        var inferIps = InferenceThroughput(model.Network, 256);

        Console.Error.WriteLine($"ours: the tuned recipe ({TunedRecipe.Description}) …");
        var tuned = TunedRecipe.Run(dataset, TunedRecipe.Request(dataset.Info.Id), rawPixels: true);

        var ours = new JsonObject
        {
            ["accuracy"] = Math.Round(outcome.TestAccuracy ?? 0, 4),
            ["accuracy_tuned"] = Math.Round(tuned.FlipAveragedAccuracy, 4),
            ["accuracy_tuned_single_view"] = Math.Round(tuned.SingleViewAccuracy, 4),
            ["tuned_recipe"] = TunedRecipe.Description,
            ["train_ips"] = Math.Round(outcome.TrainImagesPerSecond, 1),
            ["infer_ips"] = Math.Round(inferIps, 1),
            ["peak_rss_mb"] = ProcessMemory.PeakRssMb(),
            ["dataset_load_s"] = Math.Round(load?.Elapsed.TotalSeconds ?? 0, 3),
            ["dataset_from_cache"] = load?.FromCache ?? false,
        };
        Console.Error.WriteLine("ours: " + ours.ToJsonString());

        Console.Error.WriteLine($"reference: w1_seed_cnn.py --epochs {epochs} …");
        var reference = await ReferenceRunner.RunAsync("w1_seed_cnn.py", threads, "--epochs", epochs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var refTrain = reference["train_img_per_s"]!.GetValue<double>();
        var refInfer = reference["infer_img_per_s_b256_median"]!.GetValue<double>();
        var result = new JsonObject
        {
            ["benchmark"] = "seed-cnn",
            ["epochs"] = epochs,
            ["threads"] = threads,
        };
        foreach (var (key, value) in ours)
        {
            result[key] = value?.DeepClone();
        }

        result["ref_accuracy"] = reference["test_acc"]!.GetValue<double>();
        result["ref_train_ips"] = refTrain;
        result["ref_infer_ips"] = refInfer;
        result["train_ratio"] = Math.Round(outcome.TrainImagesPerSecond / refTrain, 3);
        result["infer_ratio"] = Math.Round(inferIps / refInfer, 3);
        return result;
    }

    public static (IDataset Dataset, (TimeSpan Elapsed, bool FromCache)? Load) LoadFashionMnist(int threads)
    {
        var catalog = new DatasetCatalog(new EngineOptions { Threads = threads });
        var dataset = catalog.Get(FashionMnistImporter.DatasetId);
        TorchRuntime.Configure(threads, 0);
        return (dataset, catalog.FashionMnistLoad);
    }

    public static ConvNetClassifier NewModel(IDataset dataset)
    {
        TorchRuntime.Configure(0, 0);
        var info = new ModelInfo("bench", "bench", ModelKinds.SeedCnn, dataset.Info.Id, dataset.Info.ClassNames, null, 0, DateTimeOffset.UtcNow);
        return ConvNetClassifier.Create(info, dataset.Info.Channels, dataset.Info.Height, dataset.Info.Width);
    }

    public static TrainingOutcome Train(ConvNetClassifier model, IDataset dataset, TrainRequest request) =>
        new ConvNetTrainer().Train(model, dataset.Train, dataset.Test, request, "bench",
            p =>
            {
                if (p.Phase == TrainingPhase.Epoch)
                {
                    Console.Error.WriteLine($"  epoch {p.Epoch}: loss {p.Loss:F4}, train {p.Accuracy:P2}, test {p.TestAccuracy:P2}, {p.ImagesPerSecond:F0} img/s");
                }
            },
            CancellationToken.None);

    /// <summary>Median images/s of eval-mode forward passes over one fixed random batch, as the reference measures.</summary>
    private static double InferenceThroughput(TorchNetwork network, int batch)
    {
        var random = new Random(0);
        var images = new float[batch * network.ImageSize];
        for (var i = 0; i < images.Length; i++)
        {
            images[i] = (float)random.NextDouble();
        }

        for (var i = 0; i < 3; i++)
        {
            network.Predict(images);
        }

        var times = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var clock = Stopwatch.StartNew();
            network.Predict(images);
            times.Add(clock.Elapsed.TotalSeconds);
        }

        times.Sort();
        return batch / times[times.Count / 2];
    }
}
