using ExplainHub.Server.Tests.Fakes;
using ExplainHub.Server.Training;
using ExplainHub.Shared;

namespace ExplainHub.Server.Tests;

public sealed class CamGridTests
{
    [Fact]
    public void PickIndices_SpreadsTilesEvenlyOverTheSplit()
    {
        var indices = CamGrid.PickIndices(splitSize: 10_000, count: 24, page: 0);

        Assert.Equal(24, indices.Count);
        Assert.Equal(0, indices[0]);
        Assert.Equal(23 * 10_000 / 24, indices[^1]);
        Assert.Equal(indices.OrderBy(i => i), indices);
        // Fashion-MNIST's test split is stored class by class (1,000 each): every class shows up.
        Assert.Equal(10, indices.Select(i => i / 1000).Distinct().Count());
    }

    [Fact]
    public void PickIndices_NextPage_ShowsOtherImages()
    {
        var first = CamGrid.PickIndices(10_000, 24, 0);
        var second = CamGrid.PickIndices(10_000, 24, 1);

        Assert.Empty(first.Intersect(second));
    }

    [Fact]
    public void PickIndices_SplitSmallerThanGrid_ShowsEveryImageOnce() =>
        Assert.Equal([0, 1, 2, 3, 4], CamGrid.PickIndices(5, 24, 0));

    [Fact]
    public async Task BuildTiles_NamesClasses_AndColoursByConfidence()
    {
        var engine = new FakeEngine();
        int[] indices = [0, 1, 3];
        var explanations = await engine.ExplainAsync(new ExplainRequest("m", "fashion-mnist", DatasetSplit.Test, indices));
        // Images in another order than the explanations: tiles must pair them by data-set index.
        var images = await engine.GetImagesAsync(new ImagesRequest("fashion-mnist", DatasetSplit.Test, [3, 1, 0]));

        var tiles = CamGrid.BuildTiles(explanations, images, FakeEngine.ClassNames);

        Assert.Equal(indices, tiles.Select(t => t.Index));
        // FakeEngine: even indices are predicted with p = 0.99, odd ones with 0.6; every third is mispredicted.
        Assert.Equal([true, false, false], tiles.Select(t => t.IsConfident));
        Assert.Equal([false, true, false], tiles.Select(t => t.IsCorrect));
        Assert.Equal("Trouser", tiles[0].PredictedClass);
        Assert.Equal("T-shirt/top", tiles[0].TrueClass);
        Assert.All(tiles, t => Assert.StartsWith("data:image/png;base64,", t.ImageUrl, StringComparison.Ordinal));
    }

    [Fact]
    public void BuildTiles_HeatMapOfAnotherSize_IsAnError()
    {
        var explanation = new Explanation(0, 0, 0, 0, 0.9f, 2, 2, new float[4], new float[4]);
        var images = new ImageBatch(1, 1, 3, 3, new byte[9], [0], [0]);

        Assert.Throws<InvalidOperationException>(() =>
            CamGrid.BuildTiles(new ExplanationBatch("m", "cam", [explanation]), images, FakeEngine.ClassNames));
    }

    [Fact]
    public void ClassName_UnknownIndex_FallsBackToTheNumber() =>
        Assert.Equal("class 12", CamGrid.ClassName(FakeEngine.ClassNames, 12));
}
