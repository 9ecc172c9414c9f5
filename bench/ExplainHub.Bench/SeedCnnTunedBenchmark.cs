using System.Globalization;
using System.Text.Json.Nodes;
using ExplainHub.Shared;

namespace ExplainHub.Bench;

/// <summary>
/// Only the tuned recipe of <see cref="SeedCnnBenchmark"/>: its accuracy, for trying recipes quickly.
/// Options override the recipe's: --epochs N, --lr X, --schedule constant|cosine, --unstandardised, --raw-pixels
/// (inputs 0..255 as a Keras model that never divides by 255 sees them), --flip, --shift PIXELS, --rotate DEGREES,
/// --no-augment.
/// </summary>
internal sealed class SeedCnnTunedBenchmark : IBenchmark
{
    public Task<JsonObject> RunAsync(string[] args)
    {
        var (dataset, _) = SeedCnnBenchmark.LoadFashionMnist(Environment.ProcessorCount);
        using var model = SeedCnnBenchmark.NewModel(dataset);
        var request = Override(SeedCnnBenchmark.Tuned(dataset.Info.Id), args);
        var rawPixels = args.Contains("--raw-pixels");
        if (rawPixels)
        {
            // The network divides by its input std: 1/255 turns the [0,1] pixels the engine feeds back into 0..255.
            request = request with { StandardizeInputs = false };
            model.Network.SetInputNormalization(new float[dataset.Info.Channels], Enumerable.Repeat(1f / 255, dataset.Info.Channels).ToArray());
        }

        var outcome = SeedCnnBenchmark.Train(model, dataset, request);
        return Task.FromResult(new JsonObject
        {
            ["benchmark"] = "seed-cnn-tuned",
            ["epochs"] = request.Epochs,
            ["learning_rate"] = request.LearningRate,
            ["standardised"] = request.StandardizeInputs,
            ["raw_pixels"] = rawPixels,
            ["schedule"] = request.Schedule.ToString().ToLowerInvariant(),
            ["augmentation"] = request.Augment is { } a ? $"rotate {a.RotationDegrees}, shift {a.MaxShiftPixels}, flip {a.HorizontalFlip}" : "none",
            ["accuracy_tuned"] = Math.Round(outcome.TestAccuracy ?? 0, 4),
            ["train_ips"] = Math.Round(outcome.TrainImagesPerSecond, 1),
        });
    }

    private static TrainRequest Override(TrainRequest request, string[] args)
    {
        var augment = request.Augment ?? new Augmentation();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            double Number() => double.Parse(Value(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--epochs": request = request with { Epochs = (int)Number() }; break;
                case "--lr": request = request with { LearningRate = Number() }; break;
                case "--unstandardised": request = request with { StandardizeInputs = false }; break;
                case "--raw-pixels": break;
                case "--schedule": request = request with { Schedule = Enum.Parse<LearningRateSchedule>(Value(), ignoreCase: true) }; break;
                case "--flip": augment = augment with { HorizontalFlip = true }; break;
                case "--shift": augment = augment with { MaxShiftPixels = Number() }; break;
                case "--rotate": augment = augment with { RotationDegrees = Number() }; break;
                case "--no-augment": augment = new Augmentation(); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        return request with { Augment = augment.IsActive ? augment : null };
    }
}
