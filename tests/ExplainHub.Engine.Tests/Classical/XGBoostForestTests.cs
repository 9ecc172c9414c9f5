using ExplainHub.Engine.Models.Classical;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests.Classical;

/// <summary>The XGBoost random forest (--forest xgboost) on 12×12 images whose class is a bright patch at a class-specific place.</summary>
public sealed class XGBoostForestTests
{
    private const int Side = 12;
    private const int Patch = 3;
    private const int Classes = 4;

    /// <summary>Top-left corner of each class's patch: the four corners of the image, away from each other.</summary>
    private static readonly (int Row, int Col)[] Corners = [(1, 1), (1, 8), (8, 1), (8, 8)];

    private static readonly ImageShape Shape = new(1, Side, Side);

    [Theory]
    [InlineData(null)]
    [InlineData(0.5)] // each chunk of trees grown on a random half of the pixels
    public void RandomForest_ClassifiesPatchImages_AndLooksAtThePatches(double? subspace)
    {
        var train = PatchImages(count: 400, seed: 1);
        var test = PatchImages(count: 200, seed: 2);
        using var forest = Fit(train, new ClassicalOptions(Estimators: 20, MaxDepth: 6, TreeFeatureSubsample: subspace));
        Assert.Equal(subspace is null, forest.Details.ChunkColumns is null);

        var probabilities = forest.PredictProbabilities(test.Values, test.Count);
        Assert.True(ClassicalData.Accuracy(probabilities, test.Labels) >= 0.95, $"accuracy {ClassicalData.Accuracy(probabilities, test.Labels)}");

        var importance = forest.FeatureImportance();
        Assert.Equal(Side * Side, importance.Length);
        Assert.Equal(1.0, importance.Sum(), 4);
        var onPatches = PatchPixels().Sum(p => importance[p]);
        Assert.True(onPatches > 0.9, $"only {onPatches:F3} of the importance lies on the {PatchPixels().Count} patch pixels");
    }

    [Fact]
    public void RandomForest_ProbabilitiesAreDistributions()
    {
        var train = PatchImages(count: 200, seed: 3);
        using var forest = Fit(train, new ClassicalOptions(Estimators: 15, MaxDepth: 4));

        var probabilities = forest.PredictProbabilities(train.Values, train.Count);
        for (var i = 0; i < train.Count; i++)
        {
            var row = probabilities.AsSpan(i * Classes, Classes);
            Assert.Equal(1.0, row.ToArray().Sum(), 5);
            Assert.All(row.ToArray(), p => Assert.InRange(p, 0f, 1f));
        }

        // A black image is all "missing" to XGBoost (zeros are passed as missing) and still gets a distribution.
        Assert.Equal(1.0, forest.PredictProbabilities(new float[Side * Side], 1).Sum(), 5);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0.3)]
    public void RandomForest_SavedAndLoaded_PredictsTheSameProbabilities(double? subspace)
    {
        var train = PatchImages(count: 200, seed: 4);
        using var forest = Fit(train, new ClassicalOptions(Estimators: 15, MaxDepth: 5, TreeFeatureSubsample: subspace));
        using var directory = new TempDirectory();

        forest.Save(directory.Path);
        using var loaded = Assert.IsType<XGBoostForestClassifier>(new RandomForestFamily().Load(directory.Path));

        Assert.Equal(forest.Info.Id, loaded.Info.Id);
        Assert.Equal(forest.Info.ClassNames, loaded.Info.ClassNames);
        Assert.Equal(forest.Details.ChunkTrees, loaded.Details.ChunkTrees);
        Assert.Equal(forest.PredictProbabilities(train.Values, train.Count), loaded.PredictProbabilities(train.Values, train.Count));
        Assert.Equal(forest.FeatureImportance(), loaded.FeatureImportance());
    }

    [Fact]
    public void RandomForest_ChunksOfIdenticalTrees_PredictLikeOneTree()
    {
        // With every row and every pixel available to every tree, all trees are the same tree. A chunk booster's
        // margin is then that tree's margin only if XGBoost averages its parallel trees, and the chunked forest
        // (10 + 10 + 5 trees) equals one tree only if the chunks are averaged by their tree counts.
        var train = PatchImages(count: 200, seed: 5);
        var all = new ClassicalOptions(MaxDepth: 4, RowSubsample: 0.99999999, FeatureSubsample: 1.0);
        using var single = Fit(train, all with { Estimators = 1 });
        using var chunked = Fit(train, all with { Estimators = 25 });

        Assert.Equal([10, 10, 5], chunked.Details.ChunkTrees);
        var expected = single.PredictProbabilities(train.Values, train.Count);
        var actual = chunked.PredictProbabilities(train.Values, train.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 5);
        }
    }

    [Fact]
    public void RandomForest_CancelledAfterTheFirstChunk_Throws()
    {
        var train = PatchImages(count: 200, seed: 6);
        using var cancellation = new CancellationTokenSource();
        var steps = new List<int>();
        var monitor = new FitMonitor((stage, done, total) =>
        {
            Assert.Equal("trees", stage);
            Assert.Equal(30, total);
            steps.Add(done);
            cancellation.Cancel();
        }, cancellation.Token);

        Assert.ThrowsAny<OperationCanceledException>(() =>
            new RandomForestFamily().Fit(ClassicalData.Info(ModelKinds.RandomForest, Classes), Shape, train,
                new ClassicalOptions(Estimators: 30, MaxDepth: 3, ForestAlgorithm: ForestAlgorithms.XGBoost), monitor));
        Assert.Equal([10], steps);
    }

    [Fact]
    public void RandomForest_LoadWithAMissingTreeFile_SaysWhichFile()
    {
        var train = PatchImages(count: 100, seed: 7);
        using var forest = Fit(train, new ClassicalOptions(Estimators: 12, MaxDepth: 3));
        using var directory = new TempDirectory();
        forest.Save(directory.Path);
        File.Delete(Path.Combine(directory.Path, XGBoostForestDetails.ChunkFile(1)));

        var error = Assert.Throws<FileNotFoundException>(() => new RandomForestFamily().Load(directory.Path));
        Assert.Contains(XGBoostForestDetails.ChunkFile(1), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RandomForest_LoadFromAnEmptyFolder_SaysTheDescriptionIsMissing()
    {
        using var directory = new TempDirectory();

        var error = Assert.Throws<FileNotFoundException>(() => new RandomForestFamily().Load(directory.Path));
        Assert.Contains("model.json", error.Message, StringComparison.Ordinal);
    }

    private static XGBoostForestClassifier Fit(SampleMatrix samples, ClassicalOptions options) =>
        Assert.IsType<XGBoostForestClassifier>(new RandomForestFamily().Fit(
            ClassicalData.Info(ModelKinds.RandomForest, Classes), Shape, samples, options with { ForestAlgorithm = ForestAlgorithms.XGBoost }, FitMonitor.None));

    /// <summary>Pixels in [0, 0.3] of noise; class c adds a 3×3 patch of values in [0.7, 1] at its own corner.</summary>
    private static SampleMatrix PatchImages(int count, int seed)
    {
        var random = new Random(seed);
        var pixels = Side * Side;
        var values = new float[count * pixels];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            var label = i % Classes;
            labels[i] = label;
            var image = values.AsSpan(i * pixels, pixels);
            for (var p = 0; p < pixels; p++)
            {
                image[p] = (float)(random.NextDouble() * 0.3);
            }

            var (row, col) = Corners[label];
            for (var r = row; r < row + Patch; r++)
            {
                for (var c = col; c < col + Patch; c++)
                {
                    image[(r * Side) + c] = (float)(0.7 + (random.NextDouble() * 0.3));
                }
            }
        }

        return new SampleMatrix(values, labels, pixels, Classes);
    }

    private static List<int> PatchPixels() =>
        [.. Corners.SelectMany(corner =>
            Enumerable.Range(corner.Row, Patch).SelectMany(r => Enumerable.Range(corner.Col, Patch).Select(c => (r * Side) + c)))];
}
