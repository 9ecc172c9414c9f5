using ExplainHub.Engine.Explain;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests;

[Collection(NativeCollection.Name)]
public sealed class CamTests : IDisposable
{
    private readonly EngineFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task CamPeak_FallsInsideTheBrightPatch_ForAtLeast90PercentOfTestImages()
    {
        const int side = 28, patch = 8;
        var (dataset, corners) = SyntheticData.BrightPatch(2000, 200, side, patch);
        fixture.Engine.RegisterDataset(dataset);
        var job = await fixture.Engine.TrainAsync(new TrainRequest(dataset.Info.Id, Epochs: 6, Seed: 3));
        Assert.Equal(JobState.Completed, job.State);

        var withPatch = Enumerable.Range(0, corners.Length).Where(i => corners[i].Row >= 0).ToArray();
        var batch = await fixture.Engine.ExplainAsync(
            new ExplainRequest(job.ModelId!, dataset.Info.Id, DatasetSplit.Test, withPatch, ExplanationMethods.Cam, TargetClass: 1));

        var inside = 0;
        foreach (var e in batch.Explanations)
        {
            Assert.Equal((side, side), (e.Height, e.Width));
            Assert.InRange(e.Heatmap.Min(), 0f, 0f);
            Assert.InRange(e.Heatmap.Max(), 1f, 1f);
            var peak = Heatmap.ArgMax(e.Heatmap);
            var (row, col) = (peak / side, peak % side);
            var (r0, c0) = corners[e.Index];
            inside += row >= r0 && row < r0 + patch && col >= c0 && col < c0 + patch ? 1 : 0;
        }

        Assert.True(inside >= 0.9 * withPatch.Length, $"CAM peak inside the patch for {inside}/{withPatch.Length} images");
    }

    [Fact]
    public async Task Explain_WithoutTarget_ExplainsThePredictedClass()
    {
        var (dataset, _) = SyntheticData.BrightPatch(200, 20);
        fixture.Engine.RegisterDataset(dataset);
        var job = await fixture.Engine.TrainAsync(new TrainRequest(dataset.Info.Id, Epochs: 1));
        var batch = await fixture.Engine.ExplainAsync(new ExplainRequest(job.ModelId!, dataset.Info.Id, DatasetSplit.Test, [0, 1, 2, 3]));
        Assert.All(batch.Explanations, e => Assert.Equal(e.PredictedClass, e.TargetClass));
        Assert.All(batch.Explanations, e => Assert.Equal(e.Height * e.Width, e.RawMap.Length));
    }
}
