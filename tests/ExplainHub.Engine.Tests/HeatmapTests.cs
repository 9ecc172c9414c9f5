using ExplainHub.Engine.Explain;

namespace ExplainHub.Engine.Tests;

public sealed class HeatmapTests
{
    [Fact]
    public void Normalize_MapsMinimumToZeroAndMaximumToOne()
    {
        var h = Heatmap.Normalize([-2f, 0f, 2f]);
        Assert.Equal([0f, 0.5f, 1f], h);
    }

    [Fact]
    public void Normalize_OfAConstantMap_IsAllZeros() =>
        Assert.All(Heatmap.Normalize([3f, 3f, 3f]), v => Assert.Equal(0f, v));

    [Fact]
    public void Normalize_OfAMapOfTinyValues_RanksThem_WhileRoundingNoiseIsConstant()
    {
        Assert.Equal([0f, 0.5f, 1f], Heatmap.Normalize([0f, 1e-13f, 2e-13f]));
        Assert.Equal([1f, 0f, 0.5f], Heatmap.Normalize([-1e-30f, -3e-30f, -2e-30f]));

        // One unit in the last place of 1: no evidence, not a map whose every other pixel is 0.
        Assert.All(Heatmap.Normalize([1f, MathF.BitIncrement(1f), 1f]), v => Assert.Equal(0f, v));
        Assert.All(Heatmap.Normalize([0f, 0f, 0f]), v => Assert.Equal(0f, v));
        Assert.All(Heatmap.Normalize([0f, float.PositiveInfinity, 1f]), v => Assert.Equal(0f, v));
    }

    [Theory]
    [InlineData(5, 7, 0)]
    [InlineData(5, 7, 1)]
    [InlineData(4, 1, 2)]
    [InlineData(9, 6, 3)]
    public void Dilate_IsEveryPixelsLargest3x3Neighbour_RepeatedAndClippedAtTheBorder(int height, int width, int times)
    {
        var random = new Random(height + width + times);
        var map = Enumerable.Range(0, height * width).Select(_ => (float)random.NextDouble()).ToArray();
        var expected = map;
        for (var t = 0; t < times; t++)
        {
            var current = expected;
            expected = Enumerable.Range(0, map.Length).Select(i =>
                (from dy in new[] { -1, 0, 1 }
                 from dx in new[] { -1, 0, 1 }
                 let y = (i / width) + dy
                 let x = (i % width) + dx
                 where y >= 0 && y < height && x >= 0 && x < width
                 select current[(y * width) + x]).Max()).ToArray();
        }

        Assert.Equal(expected, MapOperations.Dilate(map, height, width, times));
    }

    [Fact]
    public void ChannelReductions_SumAndTakeTheLargestMagnitudePerPixel()
    {
        float[] image = [1, -2, 3, /* channel 2 */ -4, 5, 0.5f, /* channel 3 */ 2, 1, -6];
        var sum = new float[3];
        var magnitude = new float[3];

        MapOperations.SumChannels(image, 3, sum);
        MapOperations.MaxAbsChannels(image, 3, magnitude);

        Assert.Equal([-1f, 4f, -2.5f], sum);
        Assert.Equal([4f, 5f, 6f], magnitude);
    }

    [Fact]
    public void ArgMax_FindsTheFirstLargest() => Assert.Equal(2, Heatmap.ArgMax([1f, 0f, 5f, 5f]));
}
