using ExplainHub.Engine.Data;
using ExplainHub.Engine.Models;
using ExplainHub.Engine.Native;
using ExplainHub.Engine.Networks;
using ExplainHub.Engine.Training;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests;

/// <summary>
/// One run of the trainer on a 16×16 grey synthetic set, seeded as the engine seeds it: optionally checkpointed,
/// resumed, cancelled as a given epoch ends, after a given batch or as its last batch is done (so it stops at a known
/// place) and watched.
/// </summary>
internal sealed record SmallNetworkRun(ConvNetClassifier Model, TrainingOutcome Outcome, List<TrainingProgress> Reports) : IDisposable
{
    public const int Side = 16;

    public static SmallNetworkRun Train(InMemoryDataset dataset, TrainRequest request, TrainingCheckpoints? checkpoints = null,
        CheckpointInfo? resumeFrom = null, int? cancelAfterEpoch = null, ImageSet? validation = null, int? cancelBeforeEvaluatingEpoch = null,
        (int Epoch, int Batch)? cancelAfterBatch = null)
    {
        TorchRuntime.Configure(0, request.Seed);
        var info = new ModelInfo("m", "m", request.ModelKind, dataset.Info.Id, dataset.Info.ClassNames, null, 0, DateTimeOffset.UtcNow);
        var model = ConvNetClassifier.Create(info, 1, Side, Side);
        var reports = new List<TrainingProgress>();
        using var cancel = new CancellationTokenSource();
        // Every batch reported, so a cancel can come after any one of them.
        var outcome = new ConvNetTrainer(TimeSpan.Zero).Train(model, dataset.Train, dataset.Test, request, "job", p =>
        {
            reports.Add(p);
            if ((p.Phase == TrainingPhase.Epoch && p.Epoch == cancelAfterEpoch)
                || (p.Phase == TrainingPhase.Batch && p.Epoch == cancelBeforeEvaluatingEpoch && p.Batch == p.BatchesPerEpoch)
                || (p.Phase == TrainingPhase.Batch && (p.Epoch, p.Batch) == cancelAfterBatch))
            {
                cancel.Cancel();
            }
        }, cancel.Token, checkpoints, resumeFrom, validation);
        return new SmallNetworkRun(model, outcome, reports);
    }

    /// <summary>The first <paramref name="count"/> test images, scaled to [0, 1] as the trainer feeds them.</summary>
    public static float[] TestImages(InMemoryDataset dataset, int count)
    {
        var images = new float[count * Side * Side];
        for (var i = 0; i < count; i++)
        {
            dataset.Test.CopyScaled(i, images.AsSpan(i * Side * Side, Side * Side));
        }

        return images;
    }

    /// <summary>The largest difference between this model's and another's probabilities on the same images.</summary>
    public double LargestDifference(SmallNetworkRun other, float[] images, int count) =>
        Model.PredictProbabilities(images, count).Zip(other.Model.PredictProbabilities(images, count), (a, b) => Math.Abs(a - b)).Max();

    public void Dispose() => Model.Dispose();
}
