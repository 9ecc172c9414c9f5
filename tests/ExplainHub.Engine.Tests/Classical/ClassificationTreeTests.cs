using ExplainHub.Engine.Models.Classical;

namespace ExplainHub.Engine.Tests.Classical;

/// <summary>The CART weak learner: scikit-learn's weighted Gini tree, searched over presorted columns on every core.</summary>
public sealed class ClassificationTreeTests
{
    [Fact]
    public void Tree_OnClassesCutByKnownThresholds_SplitsThereAndIsExact()
    {
        // Class 0: pixel 5 ≤ 0.5; class 1: pixel 5 > 0.5 and pixel 2 ≤ 0.3; class 2: pixel 5 > 0.5 and pixel 2 > 0.3.
        var random = new Random(1);
        const int count = 400, pixels = 8;
        var values = new float[count * pixels];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            for (var p = 0; p < pixels; p++)
            {
                values[(i * pixels) + p] = (float)random.NextDouble();
            }

            labels[i] = values[(i * pixels) + 5] <= 0.5f ? 0 : values[(i * pixels) + 2] <= 0.3f ? 1 : 2;
        }

        var samples = new SampleMatrix(values, labels, pixels, 3);
        var tree = ClassificationTree.Fit(samples, Uniform(count), maxDepth: 2, threads: 2);

        Assert.Equal(5, tree.Feature[0]);
        Assert.InRange(tree.Threshold[0], 0.45f, 0.55f);
        Assert.Equal(2, tree.Feature[tree.Right[0]]);
        Assert.Equal(-1, tree.Feature[tree.Left[0]]);
        Assert.Equal(5, tree.NodeCount);
        var fractions = new double[3];
        for (var i = 0; i < count; i++)
        {
            tree.Fractions(tree.Leaf(values.AsSpan(i * pixels, pixels)), fractions);
            Assert.Equal(1.0, fractions[labels[i]]);
        }

        var importance = tree.Importance(pixels);
        Assert.Equal(1.0, importance.Sum(), 9);
        Assert.True(importance[5] + importance[2] > 0.999, "only pixels 5 and 2 decide");
    }

    [Fact]
    public void Tree_RootSplit_IsTheBestWeightedGiniSplit_WhicheverRangeHoldsIt()
    {
        var samples = Noise(count: 300, pixels: 9, classes: 4, seed: 2);
        var weights = new double[samples.Count];
        var random = new Random(3);
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = 0.05 + (random.NextDouble() * random.NextDouble());
        }

        var (feature, threshold, gain) = ExhaustiveBestSplit(samples, weights);
        foreach (var threads in new[] { 1, 2, 3 })
        {
            var tree = ClassificationTree.Fit(samples, weights, maxDepth: 1, threads);
            Assert.Equal(feature, tree.Feature[0]);
            Assert.Equal(threshold, tree.Threshold[0], 6);
            Assert.Equal(gain, GiniGain(samples, weights, tree.Feature[0], tree.Threshold[0]), 9);
        }
    }

    [Fact]
    public void Tree_FollowsTheWeights()
    {
        // Pixel 0 decides the class of the first half of the rows, pixel 1 that of the second half; weighting one
        // half all but away leaves the other half's pixel at the root.
        var random = new Random(4);
        const int count = 200, pixels = 2;
        var values = new float[count * pixels];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            values[i * pixels] = (float)random.NextDouble();
            values[(i * pixels) + 1] = (float)random.NextDouble();
            labels[i] = values[(i * pixels) + (i < count / 2 ? 0 : 1)] > 0.5f ? 1 : 0;
        }

        var samples = new SampleMatrix(values, labels, pixels, 2);
        var first = Enumerable.Range(0, count).Select(i => i < count / 2 ? 1.0 : 1e-3).ToArray();
        var second = Enumerable.Range(0, count).Select(i => i < count / 2 ? 1e-3 : 1.0).ToArray();

        Assert.Equal(0, ClassificationTree.Fit(samples, first, maxDepth: 1, threads: 2).Feature[0]);
        Assert.Equal(1, ClassificationTree.Fit(samples, second, maxDepth: 1, threads: 2).Feature[0]);
    }

    [Fact]
    public void Tree_DoesNotCutOffRowsOfNegligibleWeight()
    {
        // Late boosting rounds leave rows with weights of 1e-17 and less. A right side's Σ W_c² kept by subtraction (as
        // OpenCV's DTrees keeps it) then holds rounding errors larger than such a row's weight, and a split that cuts
        // off one of them looks best.
        var samples = Noise(count: 20_000, pixels: 6, classes: 10, seed: 5);
        var weights = Uniform(samples.Count);
        for (var p = 0; p < samples.Dimension; p++)
        {
            var row = 100 + p;
            samples.Values[(row * samples.Dimension) + p] = 10f;
            weights[row] = 1e-17;
        }

        var tree = ClassificationTree.Fit(samples, weights, maxDepth: 1, threads: 2);
        var (feature, threshold, gain) = ExhaustiveBestSplit(samples, weights);

        Assert.Equal(feature, tree.Feature[0]);
        Assert.Equal(threshold, tree.Threshold[0], 6);
        Assert.Equal(gain, GiniGain(samples, weights, tree.Feature[0], tree.Threshold[0]), 6);
        Assert.True(gain > 1, $"the best split gains {gain}; cutting off a row of weight 1e-17 gains nothing");
    }

    [Fact]
    public void Tree_KeepsItsDepthLimit_AndStopsAtPureNodes()
    {
        var samples = Noise(count: 500, pixels: 5, classes: 3, seed: 6);
        var tree = ClassificationTree.Fit(samples, Uniform(samples.Count), maxDepth: 3, threads: 2);

        Assert.Equal(3, Depth(tree, 0));

        // A leaf above the depth limit is one of a single class (every mixed node of these noisy classes gains from a split).
        var depth = new int[tree.NodeCount];
        for (var node = 0; node < tree.NodeCount; node++)
        {
            if (tree.Feature[node] >= 0)
            {
                depth[tree.Left[node]] = depth[tree.Right[node]] = depth[node] + 1;
            }
            else if (depth[node] < 3)
            {
                Assert.Equal(1, tree.ClassWeights.Skip(node * 3).Take(3).Count(w => w > 0));
            }
        }

        var pure = new SampleMatrix([0f, 1f, 2f, 3f], [1, 1, 0, 0], 1, 2);
        var stump = ClassificationTree.Fit(pure, Uniform(4), maxDepth: 5, threads: 2);
        Assert.Equal(3, stump.NodeCount);
        Assert.Equal(1.5f, stump.Threshold[0]);
    }

    [Fact]
    public void DeepTrees_AreTheSameOnAnyNumberOfThreads()
    {
        var samples = Noise(count: 2_000, pixels: 40, classes: 5, seed: 8);
        var random = new Random(9);
        var weights = Enumerable.Range(0, samples.Count).Select(_ => random.NextDouble()).ToArray();
        var one = ClassificationTree.Fit(samples, weights, maxDepth: 6, threads: 1);
        foreach (var threads in new[] { 2, 3, 7 })
        {
            var many = ClassificationTree.Fit(samples, weights, maxDepth: 6, threads);
            Assert.Equal(one.Feature, many.Feature);
            Assert.Equal(one.Threshold, many.Threshold);
            Assert.Equal(one.Left, many.Left);
        }

        Assert.True(one.NodeCount > 31, $"a depth-6 tree of noisy classes has many nodes, not {one.NodeCount}");
    }

    [Fact]
    public void Grower_RefusesBadInput_WithAMessage()
    {
        var samples = new SampleMatrix([0f, 1f], [0, 1], 1, 2);
        var error = Assert.Throws<ArgumentException>(() =>
            WeightedCartGrower.Fit(samples, [1.0, -1.0], maxDepth: 2, minSamplesSplit: 2, threads: 1));
        Assert.Contains("Weights", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => WeightedCartGrower.Fit(samples, [1.0, double.NaN], maxDepth: 2, minSamplesSplit: 2, threads: 1));
        Assert.Throws<ArgumentException>(() => WeightedCartGrower.Fit(samples, [1.0], maxDepth: 2, minSamplesSplit: 2, threads: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            WeightedCartGrower.Fit(samples, [1.0, 1.0], maxDepth: WeightedCartGrower.MaxDepthLimit + 1, minSamplesSplit: 2, threads: 1));
    }

    private static double[] Uniform(int count) => Enumerable.Repeat(1.0, count).ToArray();

    private static int Depth(ClassificationTree tree, int node) =>
        tree.Feature[node] < 0 ? 0 : 1 + Math.Max(Depth(tree, tree.Left[node]), Depth(tree, tree.Right[node]));

    /// <summary>Random pixels; the class depends on them through a noisy sum, so every split gains a little.</summary>
    private static SampleMatrix Noise(int count, int pixels, int classes, int seed)
    {
        var random = new Random(seed);
        var values = new float[count * pixels];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            double sum = 0;
            for (var p = 0; p < pixels; p++)
            {
                var v = (float)random.NextDouble();
                values[(i * pixels) + p] = v;
                sum += v * (p + 1);
            }

            labels[i] = (int)((sum + random.NextDouble()) * 7) % classes;
        }

        return new SampleMatrix(values, labels, pixels, classes);
    }

    /// <summary>
    /// Every feature and every midpoint between neighbouring distinct values, by weighted Gini gain: a sorted scan
    /// with the left side's class totals summed up and the right side's as total − left, in float64.
    /// </summary>
    private static (int Feature, float Threshold, double Gain) ExhaustiveBestSplit(SampleMatrix samples, double[] weights)
    {
        var best = (Feature: -1, Threshold: 0f, Gain: double.NegativeInfinity);
        var total = new double[samples.Classes];
        for (var i = 0; i < samples.Count; i++)
        {
            total[samples.Labels[i]] += weights[i];
        }

        var parent = Impurity(total);
        for (var f = 0; f < samples.Dimension; f++)
        {
            var order = Enumerable.Range(0, samples.Count).OrderBy(i => samples.Values[(i * samples.Dimension) + f]).ToArray();
            var left = new double[samples.Classes];
            for (var k = 0; k + 1 < order.Length; k++)
            {
                left[samples.Labels[order[k]]] += weights[order[k]];
                var here = samples.Values[(order[k] * samples.Dimension) + f];
                var next = samples.Values[(order[k + 1] * samples.Dimension) + f];
                if (here == next)
                {
                    continue;
                }

                var right = total.Select((t, c) => t - left[c]).ToArray();
                var gain = parent - Impurity(left) - Impurity(right);
                if (gain > best.Gain)
                {
                    best = (f, (here + next) * 0.5f, gain);
                }
            }
        }

        return best;
    }

    /// <summary>W·gini(parent) − W_L·gini(left) − W_R·gini(right), in float64.</summary>
    private static double GiniGain(SampleMatrix samples, double[] weights, int feature, float threshold)
    {
        var left = new double[samples.Classes];
        var right = new double[samples.Classes];
        for (var i = 0; i < samples.Count; i++)
        {
            (samples.Values[(i * samples.Dimension) + feature] <= threshold ? left : right)[samples.Labels[i]] += weights[i];
        }

        var parent = left.Zip(right, (l, r) => l + r).ToArray();
        return Impurity(parent) - Impurity(left) - Impurity(right);
    }

    private static double Impurity(double[] totals)
    {
        var sum = totals.Sum();
        return sum > 0 ? sum - (totals.Sum(t => t * t) / sum) : 0;
    }
}
