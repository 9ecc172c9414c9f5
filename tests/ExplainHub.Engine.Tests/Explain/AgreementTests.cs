using ExplainHub.Engine.Explain.Agreement;

namespace ExplainHub.Engine.Tests.Explain;

public sealed class AgreementTests
{
    private static float[] RandomMap(int seed, int n = 400)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
    }

    [Fact]
    public void Spearman_OfAMapWithItselfIsOne_WithItsNegationMinusOne_AndIgnoresMonotoneChanges()
    {
        var map = RandomMap(1);
        Assert.Equal(1.0, RankCorrelation.Spearman(map, map), 12);
        Assert.Equal(-1.0, RankCorrelation.Spearman(map, map.Select(v => -v).ToArray()), 12);
        Assert.Equal(1.0, RankCorrelation.Spearman(map, map.Select(v => MathF.Exp(3 * v)).ToArray()), 12);
        Assert.InRange(RankCorrelation.Spearman(map, RandomMap(2)), -0.15, 0.15);
        Assert.Equal(0.0, RankCorrelation.Spearman(map, new float[map.Length]));
    }

    [Fact]
    public void Spearman_WithTies_MatchesTheTextbookValue()
    {
        // scipy.stats.spearmanr([1, 2, 2, 3], [1, 3, 2, 4]) = 0.9486832980505138 (mid-ranks for the tie).
        Assert.Equal(0.9486832980505138, RankCorrelation.Spearman([1, 2, 2, 3], [1, 3, 2, 4]), 12);
        Assert.Equal([0, 1.5, 1.5, 3], RankCorrelation.Ranks([1, 2, 2, 3]));
    }

    [Fact]
    public void TopMask_KeepsExactlyRhoOfThePixels_TheHighest()
    {
        var map = RandomMap(3, 100);
        var mask = TopMask.Of(map, 0.25);
        Assert.Equal(25, mask.Count(m => m));
        var threshold = map.Where((_, i) => mask[i]).Min();
        Assert.All(map.Where((_, i) => !mask[i]), v => Assert.True(v <= threshold));
        Assert.Equal(25, TopMask.Of(new float[100], 0.25).Count(m => m));
        // ⌈ρ·n⌉ in decimal: 0.07·100 and 0.55·100 are a hair above 7 and 55 in binary; 0.051·100 is 5.1.
        Assert.Equal([7, 55, 6, 40, 196], new[] { (100, 0.07), (100, 0.55), (100, 0.051), (784, 0.05), (784, 0.25) }.Select(c => TopMask.Size(c.Item1, c.Item2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => TopMask.Of(map, 0));
    }

    [Fact]
    public void Iou_AndTheMeanMatrix_AreSymmetricWithOnesOnTheDiagonal()
    {
        Assert.Equal(1.0 / 3, TopMask.IntersectionOverUnion([true, true, false, false], [false, true, true, false]), 12);
        var a = new[] { RandomMap(4), RandomMap(5) };
        var b = new[] { a[0].Select(v => -v).ToArray(), a[1].Select(v => -v).ToArray() };
        var (spearman, iou) = AgreementMatrix.Mean([a, b, a], 0.1);
        Assert.Equal([1.0, -1, 1, -1, 1, -1, 1, -1, 1], spearman.Select(v => Math.Round(v, 9)));
        Assert.Equal(0.0, iou[1]);
        Assert.Equal(1.0, iou[2]);
        Assert.Equal(iou[1], iou[3]);
    }
}
