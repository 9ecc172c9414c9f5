using ExplainHub.Engine.Explain;
using ExplainHub.Engine.Models;
using ExplainHub.Engine.Models.Classical;
using ExplainHub.Engine.Tests.Classical;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests.Explain;

[Collection(NativeCollection.Name)]
public sealed class ClassicalImportanceTests
{
    private const int Side = 10;
    private static readonly ImageShape Shape = new(1, Side, Side);

    [Theory]
    [InlineData(ModelKinds.LinearSvm)]
    [InlineData(ModelKinds.PcaSvm)]
    public void HadamardMap_SumsToTheDecisionValueMinusTheBias(string kind)
    {
        var samples = ClassicalData.Blocks(300, 3, blockSize: 6, seed: 1);
        var shape = new ImageShape(1, 1, samples.Dimension);
        using var model = Fit(kind, shape, samples, new ClassicalOptions(Components: 8));
        var linear = (ILinearPixelModel)model;
        var images = samples.Values.AsSpan(0, 12 * samples.Dimension).ToArray();
        var decisions = model switch
        {
            LinearSvmClassifier svm => svm.Model.DecisionValues(images, 12),
            PcaSvmClassifier pca => pca.DecisionValues(images, 12),
            _ => throw new InvalidOperationException(),
        };

        foreach (var target in new[] { 0, 2 })
        {
            var maps = new HadamardMap().Explain(model, new ImportanceInput(images, 12, Enumerable.Repeat((long)target, 12).ToArray()),
                MethodSettings.Defaults(new HadamardMap().Info));
            for (var i = 0; i < 12; i++)
            {
                var sum = maps.RawOf(i).ToArray().Sum(v => (double)v);
                var expected = decisions[(i * 3) + target] - linear.PixelBias(target);
                Assert.True(Math.Abs(sum - expected) <= 1e-5 * Math.Max(1, Math.Abs(expected)), $"{kind} image {i}: Σ map {sum} vs {expected}");
                Assert.All(maps.HeatOf(i).ToArray(), h => Assert.InRange(h, 0f, 1f));
            }
        }
    }

    [Theory]
    [InlineData(ForestAlgorithms.Breiman)] // the sum is the forest's probability
    [InlineData(ForestAlgorithms.XGBoost)] // the sum is the forest's softmax margin
    public void TreeContributions_PlusBias_AreTheForestsOutput_AndFindTheClassPatch(string algorithm)
    {
        var samples = CornerImages(400, seed: 2);
        using var model = Fit(ModelKinds.RandomForest, Shape, samples,
            new ClassicalOptions(Estimators: 25, MaxDepth: 5, TreeFeatureSubsample: 0.5, ForestAlgorithm: algorithm));
        const int count = 12;
        var images = samples.Values.AsSpan(0, count * Shape.Pixels).ToArray();
        var outputs = model is XGBoostForestClassifier xgboost
            ? xgboost.Margins(images, count)
            : Array.ConvertAll(model.PredictProbabilities(images, count), p => (double)p);
        var contributions = Assert.IsAssignableFrom<ITreeContributionModel>(model).Contributions(images, count);
        for (var i = 0; i < count * Corners.Length; i++)
        {
            var row = contributions.AsSpan(i * (Shape.Pixels + 1), Shape.Pixels + 1).ToArray();
            Assert.Equal(outputs[i], row.Sum(), 5);
        }

        var maps = new TreeContributions().Explain(model, ImportanceInput.Predicted(images, count), MethodSettings.Defaults(new TreeContributions().Info));
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(samples.Labels[i], maps.Targets[i]);
            var peak = Heatmap.ArgMax(maps.HeatOf(i));
            var (row, col) = (peak / Side, peak % Side);
            var (r0, c0) = Corners[samples.Labels[i]];
            Assert.True(row >= r0 && row < r0 + 3 && col >= c0 && col < c0 + 3, $"image {i}: peak at ({row}, {col}), patch at ({r0}, {c0})");
        }
    }

    [Fact]
    public void Occlusion_OfAModelThatReadsOnlyOnePatch_LightsOnlyThatPatch()
    {
        using var model = new PatchReader(Shape, top: 3, left: 5, size: 2);
        var image = Enumerable.Repeat(0.9f, Shape.Pixels).ToArray();
        var settings = MethodSettings.Resolve(new Occlusion().Info, [new("patch", "2"), new("stride", "1"), new("fill", "black")]);
        var maps = new Occlusion().Explain(model, ImportanceInput.Predicted(image, 1), settings);

        for (var y = 0; y < Side; y++)
        {
            for (var x = 0; x < Side; x++)
            {
                // A 2×2 patch at (r, c) touches the read block [3,5)×[5,7) only if r ∈ [2, 4] and c ∈ [4, 6].
                var canTouch = y >= 2 && y <= 5 && x >= 4 && x <= 7;
                var drop = maps.RawOf(0)[(y * Side) + x];
                if (!canTouch)
                {
                    Assert.Equal(0f, drop);
                }
                else if (y is >= 3 and < 5 && x is >= 5 and < 7)
                {
                    Assert.True(drop > 0.1f, $"({y}, {x}) inside the read block dropped only {drop}");
                }
            }
        }

        Assert.Equal(0f, maps.RawOf(0).ToArray().Min());
        var peak = Heatmap.ArgMax(maps.HeatOf(0));
        Assert.True(peak / Side is >= 3 and < 5 && peak % Side is >= 5 and < 7, $"peak at {peak}");
        Assert.All(maps.HeatOf(0).ToArray(), h => Assert.InRange(h, 0f, 1f));
    }

    [Fact]
    public void Occlusion_OfSeveralImagesInSharedBatches_IsEachImagesOwnMap()
    {
        // 7 images × 100 one-pixel copies cross the 512-copy batch, and each image's copies are filled with its own mean.
        using var model = new PatchReader(Shape, top: 2, left: 3, size: 4);
        var random = new Random(5);
        var images = Enumerable.Range(0, 7 * Shape.Pixels).Select(_ => (float)random.NextDouble()).ToArray();
        var settings = MethodSettings.Resolve(new Occlusion().Info, [new("patch", "1"), new("stride", "1"), new("fill", "mean")]);

        var together = new Occlusion().Explain(model, ImportanceInput.Predicted(images, 7), settings);

        for (var i = 0; i < 7; i++)
        {
            var alone = new Occlusion().Explain(model, ImportanceInput.Predicted(images.AsSpan(i * Shape.Pixels, Shape.Pixels).ToArray(), 1), settings);
            Assert.Equal(alone.RawOf(0).ToArray(), together.RawOf(i).ToArray());
            Assert.Equal(alone.HeatOf(0).ToArray(), together.HeatOf(i).ToArray());
            Assert.Contains(alone.RawOf(0).ToArray(), v => v != 0);
        }
    }

    [Fact]
    public void Occlusion_StopsBeforeItsNextBatch_OnceItsCallerLeaves()
    {
        // 7 images × 100 one-pixel copies take two batches of copies after the unoccluded pass; the caller leaves
        // while the first batch is classified.
        using var left = new CancellationTokenSource();
        var batches = 0;
        using var model = new PatchReader(Shape, top: 2, left: 3, size: 4, predicted: () =>
        {
            if (++batches == 2)
            {
                left.Cancel();
            }
        });
        var random = new Random(6);
        var images = Enumerable.Range(0, 7 * Shape.Pixels).Select(_ => (float)random.NextDouble()).ToArray();
        var settings = MethodSettings.Resolve(new Occlusion().Info, [new("patch", "1"), new("stride", "1")]);
        var input = ImportanceInput.Predicted(images, 7) with { Cancellation = left.Token };

        Assert.Throws<OperationCanceledException>(() => new Occlusion().Explain(model, input, settings));
        Assert.Equal(2, batches);
    }

    [Fact]
    public void OcclusionPositions_CoverEveryPixel_AndSizesParse()
    {
        Assert.Equal([0, 4, 8, 12, 16, 20], Occlusion.Positions(28, 8, 4));
        Assert.Equal([0, 3, 6, 7], Occlusion.Positions(10, 3, 3));
        Assert.Equal([0], Occlusion.Positions(5, 5, 2));
        Assert.Equal(23, Occlusion.Size("10%", 227, "patch"));
        Assert.Equal(8, Occlusion.Size("8", 28, "patch"));
        Assert.Throws<EngineException>(() => Occlusion.Size("2.5", 28, "patch"));
        Assert.Throws<EngineException>(() => Occlusion.Size("150%", 28, "patch"));
    }

    [Fact]
    public void EveryModelKind_HasAtLeastOneFunction_AndOcclusionAppliesToAll()
    {
        var samples = ClassicalData.Blocks(120, 2, blockSize: 4, seed: 3);
        var shape = new ImageShape(1, 1, samples.Dimension);
        foreach (var family in ClassicalFamilies.All.Where(f => f is not ISourcedFamily))
        {
            using var model = family.Fit(ClassicalData.Info(family.Kind, 2), shape, samples,
                new ClassicalOptions(Components: 4, Estimators: 4, MaxDepth: 2), FitMonitor.None);
            var applying = ImportanceFunctions.All.Where(f => f.WhyNot(model) is null).Select(f => f.Info.Name).ToList();
            Assert.Contains(ExplanationMethods.Occlusion, applying);
            Assert.All(ImportanceFunctions.All.Where(f => !applying.Contains(f.Info.Name)), f => Assert.False(string.IsNullOrWhiteSpace(f.WhyNot(model))));
        }
    }

    private static IClassifier Fit(string kind, ImageShape shape, SampleMatrix samples, ClassicalOptions options) =>
        ClassicalFamilies.All.Single(f => f.Kind == kind).Fit(ClassicalData.Info(kind, samples.Classes), shape, samples, options, FitMonitor.None);

    private static readonly (int Row, int Col)[] Corners = [(1, 1), (1, 6), (6, 1), (6, 6)];

    /// <summary>Faint noise; class c adds a bright 3×3 patch at its own corner.</summary>
    private static SampleMatrix CornerImages(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count * Shape.Pixels];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            var image = values.AsSpan(i * Shape.Pixels, Shape.Pixels);
            for (var p = 0; p < image.Length; p++)
            {
                image[p] = (float)(random.NextDouble() * 0.2);
            }

            labels[i] = i % Corners.Length;
            var (r, c) = Corners[labels[i]];
            for (var y = r; y < r + 3; y++)
            {
                for (var x = c; x < c + 3; x++)
                {
                    image[(y * Side) + x] = (float)(0.7 + (random.NextDouble() * 0.3));
                }
            }
        }

        return new SampleMatrix(values, labels, Shape.Pixels, Corners.Length);
    }

    /// <summary>Two classes decided by the mean brightness of one block only: p(1) = σ(10·(mean − 0.5)).</summary>
    [Fact]
    public void OcclusionsDefaults_FitAnImageSmallerThanThem_WhileAPatchGivenLargerThanTheImageIsRefused()
    {
        // 6×6: the default 8 px patch and 4 px stride shrink to the image; a patch of 7 px given by the caller would
        // cover everything at once.
        using var model = new PatchReader(new ImageShape(1, 6, 6), top: 1, left: 1, size: 2);
        var image = Enumerable.Repeat(0.9f, 36).ToArray();
        var occlusion = new Occlusion();

        var maps = occlusion.Explain(model, ImportanceInput.Predicted(image, 1), MethodSettings.Defaults(occlusion.Info));
        Assert.Equal(36, maps.HeatOf(0).Length);

        var tooLarge = MethodSettings.Resolve(occlusion.Info, [new("patch", "7")]);
        var refused = Assert.Throws<EngineException>(() => occlusion.CheckFor(model, tooLarge));
        Assert.Equal(EngineErrorKind.InvalidRequest, refused.Kind);
        Assert.Contains("(7 px) is larger than the 6×6 images", refused.Message, StringComparison.Ordinal);
        Assert.Throws<EngineException>(() => occlusion.Explain(model, ImportanceInput.Predicted(image, 1), tooLarge));
        occlusion.CheckFor(model, MethodSettings.Resolve(occlusion.Info, [new("patch", "100%")]));
    }

    // predicted: called after each batch it classifies.
    private sealed class PatchReader(ImageShape shape, int top, int left, int size, Action? predicted = null) : IClassifier
    {
        public ModelInfo Info { get; } = ClassicalData.Info("patch-reader", 2);

        public int Channels => shape.Channels;

        public int Height => shape.Height;

        public int Width => shape.Width;

        public float[] PredictProbabilities(ReadOnlySpan<float> images, int count)
        {
            var result = new float[count * 2];
            for (var i = 0; i < count; i++)
            {
                var image = images.Slice(i * shape.Pixels, shape.Pixels);
                double sum = 0;
                for (var y = top; y < top + size; y++)
                {
                    for (var x = left; x < left + size; x++)
                    {
                        sum += image[(y * shape.Width) + x];
                    }
                }

                var p = 1 / (1 + Math.Exp(-10 * ((sum / (size * size)) - 0.5)));
                result[(i * 2) + 1] = (float)p;
                result[i * 2] = (float)(1 - p);
            }

            predicted?.Invoke();
            return result;
        }

        public void Save(string directory) => throw new NotSupportedException();

        public void Dispose()
        {
        }
    }
}
