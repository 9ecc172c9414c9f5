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
    public void ArgMax_FindsTheFirstLargest() => Assert.Equal(2, Heatmap.ArgMax([1f, 0f, 5f, 5f]));
}
