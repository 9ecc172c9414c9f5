using System.Globalization;
using System.Text.Json.Nodes;
using ExplainHub.Engine.Training;
using ExplainHub.Shared;

namespace ExplainHub.Bench;

/// <summary>
/// Only the tuned recipe of <see cref="SeedCnnBenchmark"/>: its accuracy, for trying recipes quickly.
/// Options override the recipe's (<see cref="TunedRecipe"/>): --epochs N, --lr X, --schedule constant|cosine,
/// --standardised (inputs standardised by the training set instead of 0..255), --unit-pixels (inputs 0..1),
/// --flip, --shift PIXELS, --rotate DEGREES, --no-augment.
/// </summary>
internal sealed class SeedCnnTunedBenchmark : IBenchmark
{
    public Task<JsonObject> RunAsync(string[] args)
    {
        var (dataset, _) = SeedCnnBenchmark.LoadFashionMnist(Environment.ProcessorCount);
        var request = Override(TunedRecipe.Request(dataset.Info.Id), args);
        var rawPixels = !request.StandardizeInputs && !args.Contains("--unit-pixels");
        var outcome = TunedRecipe.Run(dataset, request, rawPixels);
        return Task.FromResult(new JsonObject
        {
            ["benchmark"] = "seed-cnn-tuned",
            ["epochs"] = request.Epochs,
            ["learning_rate"] = request.LearningRate,
            ["inputs"] = request.StandardizeInputs ? "standardised" : rawPixels ? "0..255" : "0..1",
            ["schedule"] = request.Schedule.ToString().ToLowerInvariant(),
            ["augmentation"] = request.Augment is { } a ? $"rotate {a.RotationDegrees}, shift {a.MaxShiftPixels}, flip {a.HorizontalFlip}" : "none",
            ["accuracy_tuned"] = Math.Round(outcome.FlipAveragedAccuracy, 4),
            ["accuracy_tuned_single_view"] = Math.Round(outcome.SingleViewAccuracy, 4),
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
                case "--standardised": request = request with { StandardizeInputs = true }; break;
                case "--unit-pixels": break;
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
