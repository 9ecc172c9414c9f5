using System.Text.Json;
using ExplainHub.Engine.Models.Classical;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests.Classical;

/// <summary>Breiman's random forest (the default random-forest) on data whose answer is known by construction.</summary>
public sealed class BreimanForestTests
{
    private const int Side = 8;
    private const int Pixels = Side * Side;
    private const int Classes = 3;

    private static readonly ImageShape Shape = new(1, Side, Side);

    [Theory]
    [InlineData(27)]
    [InlineData(60)]
    public void AClassDecidedByOnePixel_PutsTheImportanceOnThatPixel(int pixel)
    {
        var train = OnePixelImages(600, pixel, labelNoise: 0, seed: 1);
        var test = OnePixelImages(300, pixel, labelNoise: 0, seed: 2);
        using var forest = Fit(train, new ClassicalOptions(Estimators: 40, MaxDepth: 8));

        Assert.True(ClassicalData.Accuracy(forest, test) >= 0.95, $"accuracy {ClassicalData.Accuracy(forest, test)}");
        var importance = forest.FeatureImportance();
        Assert.Equal(1.0, importance.Sum(), 4);
        Assert.Equal(pixel, Array.IndexOf(importance, importance.Max()));
        var others = importance.Where((_, j) => j != pixel).Max();
        Assert.True(importance[pixel] > 10 * others, $"pixel {pixel} holds {importance[pixel]:F3} of the importance, another pixel {others:F3}");
    }

    [Fact]
    public void Probabilities_AreTheMeanOfTheTreesLeafClassFractions()
    {
        var train = OnePixelImages(300, 10, labelNoise: 0.2, seed: 3);
        var test = OnePixelImages(50, 10, labelNoise: 0.2, seed: 4);
        using var forest = Fit(train, new ClassicalOptions(Estimators: 12, MaxDepth: 5));

        var probabilities = forest.PredictProbabilities(test.Values, test.Count);
        var fractions = new double[Classes];

        // Leaf fractions are kept as float32 for prediction.
        for (var i = 0; i < test.Count; i++)
        {
            var expected = new double[Classes];
            foreach (var tree in forest.Trees)
            {
                tree.Fractions(tree.Leaf(test.Row(i)), fractions);
                for (var c = 0; c < Classes; c++)
                {
                    expected[c] += fractions[c] / forest.TreeCount;
                }
            }

            var row = probabilities.AsSpan(i * Classes, Classes).ToArray();
            Assert.Equal(1.0, row.Sum(), 5);
            for (var c = 0; c < Classes; c++)
            {
                Assert.True(Math.Abs(expected[c] - row[c]) < 1e-6, $"row {i} class {c}: {row[c]} vs {expected[c]}");
            }
        }
    }

    [Fact]
    public void EachTree_IsGrownOnABootstrapSample_WeightedByHowOftenARowWasDrawn()
    {
        var train = OnePixelImages(200, 10, labelNoise: 0.2, seed: 5);
        using var forest = Fit(train, new ClassicalOptions(Estimators: 6, MaxDepth: 3));

        // A root's class weights are the bootstrap counts of its rows: n draws in all, but not the training set's own
        // class totals (a tree that saw every row once would have exactly those).
        var classTotals = Enumerable.Range(0, Classes).Select(c => (double)train.Labels.Count(l => l == c)).ToArray();
        foreach (var tree in forest.Trees)
        {
            var root = tree.ClassWeights.AsSpan(0, Classes).ToArray();
            Assert.Equal(train.Count, root.Sum(), 6);
            Assert.NotEqual(classTotals, root);
        }

        Assert.True(forest.Trees.Select(t => t.ClassWeights[0]).Distinct().Count() > 1, "every tree drew the same rows");
    }

    [Fact]
    public void MoreTrees_DoNotHurtAccuracy_BeyondNoise()
    {
        var train = OnePixelImages(500, 33, labelNoise: 0.15, seed: 6);
        var test = OnePixelImages(1000, 33, labelNoise: 0, seed: 7);
        var accuracies = new[] { 1, 5, 25, 100 }.Select(trees =>
        {
            using var forest = Fit(train, new ClassicalOptions(Estimators: trees, MaxDepth: 10));
            return ClassicalData.Accuracy(forest, test);
        }).ToArray();

        for (var k = 1; k < accuracies.Length; k++)
        {
            Assert.True(accuracies[k] >= accuracies[k - 1] - 0.02, $"accuracies by tree count 1, 5, 25, 100: {string.Join(", ", accuracies)}");
        }

        Assert.True(accuracies[^1] > accuracies[0], $"100 trees are no better than one: {string.Join(", ", accuracies)}");
    }

    [Fact]
    public void TheSameSettings_GrowTheSameForest()
    {
        var train = OnePixelImages(300, 12, labelNoise: 0.1, seed: 8);
        using var first = Fit(train, new ClassicalOptions(Estimators: 10, MaxDepth: 6));
        using var second = Fit(train, new ClassicalOptions(Estimators: 10, MaxDepth: 6));

        Assert.Equal(first.PredictProbabilities(train.Values, train.Count), second.PredictProbabilities(train.Values, train.Count));
    }

    [Fact]
    public void SavedAndLoaded_PredictsAndExplainsTheSame()
    {
        var train = OnePixelImages(300, 40, labelNoise: 0.1, seed: 9);
        using var forest = Fit(train, new ClassicalOptions(Estimators: 15, MaxDepth: 7));
        using var directory = new TempDirectory();

        forest.Save(directory.Path);
        using var loaded = Assert.IsType<BreimanForestClassifier>(new RandomForestFamily().Load(directory.Path));

        Assert.Equal(forest.Info.Id, loaded.Info.Id);
        Assert.Equal(forest.Details, loaded.Details);
        Assert.Equal(forest.PredictProbabilities(train.Values, train.Count), loaded.PredictProbabilities(train.Values, train.Count));
        Assert.Equal(forest.FeatureImportance(), loaded.FeatureImportance());
        var rows = train.Values.AsSpan(0, 3 * Pixels).ToArray();
        Assert.Equal(forest.Contributions(rows, 3), loaded.Contributions(rows, 3));
    }

    [Fact]
    public void ACutShortForestFile_IsRefusedWithItsName()
    {
        var train = OnePixelImages(200, 40, labelNoise: 0.1, seed: 10);
        using var forest = Fit(train, new ClassicalOptions(Estimators: 4, MaxDepth: 4));
        using var directory = new TempDirectory();
        forest.Save(directory.Path);
        var path = Path.Combine(directory.Path, BreimanForestDetails.TreesFile);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 10)]);

        var error = Assert.Throws<InvalidDataException>(() => new RandomForestFamily().Load(directory.Path));
        Assert.Contains(BreimanForestDetails.TreesFile, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NaNPixels_AndOneClass_AreRefusedWithAClearMessage()
    {
        var values = new float[4 * Pixels];
        values[(2 * Pixels) + 5] = float.NaN;
        var nan = Assert.Throws<EngineException>(() => new SampleMatrix(values, [0, 1, 0, 1], Pixels, 2));
        Assert.Equal(EngineErrorKind.InvalidRequest, nan.Kind);
        Assert.Contains("Sample 2 has a NaN", nan.Message, StringComparison.Ordinal);

        var oneClass = Assert.Throws<EngineException>(() => new SampleMatrix(new float[4 * Pixels], [1, 1, 1, 1], Pixels, 2));
        Assert.Contains("only one class", oneClass.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 5, null)]
    [InlineData(10, 0, null)]
    [InlineData(10, 65, null)]
    [InlineData(10, 5, 1.5)]
    public void AbsurdSettings_AreRefusedBeforeAnyTreeIsGrown(int trees, int depth, double? featureFraction)
    {
        var train = OnePixelImages(50, 3, labelNoise: 0, seed: 11);
        var error = Assert.Throws<EngineException>(() =>
            Fit(train, new ClassicalOptions(Estimators: trees, MaxDepth: depth, FeatureSubsample: featureFraction)));
        Assert.Equal(EngineErrorKind.InvalidRequest, error.Kind);
        Assert.Contains("A random forest needs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACancelledFit_Throws_AfterReportingTrees()
    {
        var train = OnePixelImages(200, 3, labelNoise: 0.1, seed: 12);
        using var cancellation = new CancellationTokenSource();
        var steps = new List<int>();
        var monitor = new FitMonitor((stage, done, total) =>
        {
            Assert.Equal("trees", stage);
            Assert.Equal(500, total);
            steps.Add(done);
            cancellation.Cancel();
        }, cancellation.Token);

        Assert.ThrowsAny<OperationCanceledException>(() =>
            new RandomForestFamily().Fit(ClassicalData.Info(ModelKinds.RandomForest, Classes), Shape, train, new ClassicalOptions(Estimators: 500, MaxDepth: 6), monitor));
        Assert.InRange(steps.Count, 1, Environment.ProcessorCount);
    }

    [Fact]
    public void OneTreeOnEveryRowAndPixel_IsScikitLearnsDecisionTree()
    {
        // Continuous features and nodes of many rows, so no two candidate splits tie and the tree does not depend on the
        // order features are tried in (deeper, a node of a dozen rows can be split equally well on several features, and
        // each side picks by its own random order); scikit-learn's DecisionTreeClassifier(max_depth=4) must grow the same tree.
        var random = new Random(13);
        const int features = 6, count = 2000, depth = 4;
        var values = new float[count * features];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            for (var f = 0; f < features; f++)
            {
                values[(i * features) + f] = (float)random.NextDouble();
            }

            var score = values[i * features] + (0.5 * values[(i * features) + 3]) + (0.3 * random.NextDouble());
            labels[i] = score < 0.6 ? 0 : score < 1.0 ? 1 : 2;
        }

        var samples = new SampleMatrix(values, labels, features, Classes);
        var grower = new BreimanTreeGrower(QuantisedColumns.For(samples, 2), labels, Classes, depth, minSamplesSplit: 2, maxFeatures: features);
        var tree = grower.Grow(Enumerable.Repeat(1.0, count).ToArray(), new Random(0), CancellationToken.None);
        var test = new float[200 * features];
        for (var k = 0; k < test.Length; k++)
        {
            test[k] = (float)random.NextDouble();
        }

        using var directory = new TempDirectory();
        string File(string name, float[] data, int rows, int columns)
        {
            var path = Path.Combine(directory.Path, name);
            ArrayFile.Write(path, data, rows, columns);
            return path;
        }

        var output = PythonReference.Run(Path.Combine("Classical", "sklearn_tree.py"),
            File("x.ehf", values, count, features), File("y.ehf", Array.ConvertAll(labels, l => (float)l), count, 1),
            File("t.ehf", test, 200, features), depth.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var reference = JsonDocument.Parse(output);
        Assert.Equal(reference.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetInt32()), tree.Feature);
        var thresholds = reference.RootElement.GetProperty("thresholds").EnumerateArray().Select(t => t.GetDouble()).ToArray();
        for (var node = 0; node < tree.NodeCount; node++)
        {
            Assert.True(tree.Feature[node] < 0 || Math.Abs(thresholds[node] - tree.Threshold[node]) < 1e-6, $"node {node}: threshold {tree.Threshold[node]} vs {thresholds[node]}");
        }

        var expected = reference.RootElement.GetProperty("proba").EnumerateArray().ToArray();
        var fractions = new double[Classes];
        for (var i = 0; i < 200; i++)
        {
            tree.Fractions(tree.Leaf(test.AsSpan(i * features, features)), fractions);
            var row = expected[i].EnumerateArray().Select(p => p.GetDouble()).ToArray();
            for (var c = 0; c < Classes; c++)
            {
                Assert.Equal(row[c], fractions[c], 9);
            }
        }
    }

    [Fact]
    public void TreeShap_OfAnAndTree_GivesTheHandComputedShapleyValues()
    {
        // Class 1 only when x0 > ½ and x1 > ½; the root's two sides weigh the same, and so do the right node's.
        // v(∅) = ¼, v({x0}) = ½, v({x1}) = ½ · 0 + ½ · 1 = ½, v({x0, x1}) = 1 for x = (1, 1): φ0 = φ1 = ½(¼ + ½) = ⅜.
        var tree = new ClassificationTree(
            Feature: [0, -1, 1, -1, -1],
            Threshold: [0.5f, 0, 0.5f, 0, 0],
            Left: [1, -1, 3, -1, -1],
            Right: [2, -1, 4, -1, -1],
            ClassWeights: [3, 1, 2, 0, 1, 1, 1, 0, 0, 1],
            Classes: 2);
        var fractions = new double[tree.NodeCount * 2];
        var cover = new double[tree.NodeCount];
        for (var node = 0; node < tree.NodeCount; node++)
        {
            tree.Fractions(node, fractions.AsSpan(node * 2, 2));
            cover[node] = tree.ClassWeights[node * 2] + tree.ClassWeights[(node * 2) + 1];
        }

        var contributions = new double[3 * 2];
        var bias = new double[2];
        new TreeShap(classes: 2, maxDepth: 2).Add(tree, fractions, cover, [1f, 1f, 0.3f], 1.0, contributions, bias);

        Assert.Equal([0.75, 0.25], bias);
        Assert.Equal(0.375, contributions[(0 * 2) + 1], 12);
        Assert.Equal(0.375, contributions[(1 * 2) + 1], 12);
        Assert.Equal(-0.375, contributions[(0 * 2) + 0], 12);
        Assert.Equal(0.0, contributions[(2 * 2) + 1], 12);

        // For x = (0, 1): f = 0, v({x0}) = 0, v({x1}) = ½, v(∅) = ¼ → φ0 = ½(−¼ + −½) = −⅜, φ1 = ½(¼ + 0) = ⅛.
        Array.Clear(contributions);
        Array.Clear(bias);
        new TreeShap(classes: 2, maxDepth: 2).Add(tree, fractions, cover, [0f, 1f, 0.3f], 1.0, contributions, bias);
        Assert.Equal(-0.375, contributions[(0 * 2) + 1], 12);
        Assert.Equal(0.125, contributions[(1 * 2) + 1], 12);
    }

    private static BreimanForestClassifier Fit(SampleMatrix samples, ClassicalOptions options) =>
        Assert.IsType<BreimanForestClassifier>(new RandomForestFamily().Fit(
            ClassicalData.Info(ModelKinds.RandomForest, Classes), Shape, samples, options, FitMonitor.None));

    /// <summary>
    /// Noise pixels in [0, 1]; the class is which third of [0, 1] one pixel falls in (then, with probability
    /// <paramref name="labelNoise"/>, a random class instead).
    /// </summary>
    private static SampleMatrix OnePixelImages(int count, int pixel, double labelNoise, int seed)
    {
        var random = new Random(seed);
        var values = new float[count * Pixels];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            for (var p = 0; p < Pixels; p++)
            {
                values[(i * Pixels) + p] = (float)random.NextDouble();
            }

            var decided = Math.Min(Classes - 1, (int)(values[(i * Pixels) + pixel] * Classes));
            labels[i] = random.NextDouble() < labelNoise ? random.Next(Classes) : decided;
        }

        return new SampleMatrix(values, labels, Pixels, Classes);
    }
}
