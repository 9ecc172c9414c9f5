using ExplainHub.Engine.Data;
using ExplainHub.Engine.Training;
using ExplainHub.Shared;

namespace ExplainHub.Bench;

/// <summary>What the tuned recipe scored: one view per test image, and averaged with its mirror image (the recipe's).</summary>
internal sealed record TunedOutcome(TrainRequest Request, bool RawPixels, double SingleViewAccuracy, double FlipAveragedAccuracy, double TrainImagesPerSecond);

/// <summary>
/// The seed's network (unchanged) with a better recipe, measured on the same split:
/// <list type="bullet">
/// <item>inputs 0..255 as a Keras model that never divides by 255 sees them (the network divides by a "deviation" of
/// 1/255): with Adam the first layer then moves 255× further per step relative to its inputs — our measured
/// explanation of most of the gap between PyTorch's 0.827 and the seed's Keras 0.9086 (the seed's recipe on
/// raw pixels gets 0.878 after 10 epochs);</item>
/// <item>Glorot-uniform initialisation (Keras' default), Adam 1e-3 cosine-annealed to 0 over 40 epochs, batch 64;</item>
/// <item>random left–right mirroring of training images, and at test time the probabilities of each image averaged
/// with its mirror image. Without the test-time average the same model scores 0.8956.</item>
/// </list>
/// </summary>
internal static class TunedRecipe
{
    public const string Description =
        "inputs 0..255, glorot init, Adam 1e-3 cosine to 0, batch 64, 40 epochs, random flips; test: mean of image and mirror";

    public static TrainRequest Request(string datasetId) => new(datasetId, Epochs: 40, LearningRate: 1e-3, Seed: 0,
        Init: WeightInit.Glorot, Schedule: LearningRateSchedule.Cosine, Augment: new Augmentation(HorizontalFlip: true));

    public static TunedOutcome Run(IDataset dataset, TrainRequest request, bool rawPixels)
    {
        using var model = SeedCnnBenchmark.NewModel(dataset);
        if (rawPixels)
        {
            request = request with { StandardizeInputs = false };
            model.Network.SetInputNormalization(new float[dataset.Info.Channels], Enumerable.Repeat(1f / 255, dataset.Info.Channels).ToArray());
        }

        var outcome = SeedCnnBenchmark.Train(model, dataset, request);
        var averaged = Evaluation.Accuracy(new FlipAveragedClassifier(model), dataset.Test);
        return new TunedOutcome(request, rawPixels, outcome.TestAccuracy ?? 0, averaged, outcome.TrainImagesPerSecond);
    }
}
