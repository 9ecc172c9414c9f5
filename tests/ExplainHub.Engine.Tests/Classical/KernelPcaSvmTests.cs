using ExplainHub.Engine.Models.Classical;
using ExplainHub.Engine.Native;
using ExplainHub.Engine.Linalg;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests.Classical;

[Collection(NativeCollection.Name)]
public sealed class KernelPcaSvmTests
{
    [Theory]
    [InlineData(KernelKind.Rbf)]
    [InlineData(KernelKind.Sigmoid)]
    [InlineData(KernelKind.Linear)]
    public void PreImageOfATrainingPoint_IsCloserToItThanToAnyOtherClassMean(KernelKind kind)
    {
        const int classes = 3;
        var samples = ClassicalData.Blocks(240, classes, 6, seed: 21); // 22 features
        var gamma = kind == KernelKind.Sigmoid ? 0.05 : 1.0 / samples.Dimension;
        var projection = KernelPcaProjection.Fit(samples, 20, new KernelFunction(kind, gamma, Coef0: 0), ridge: 1e-3);
        var means = ClassMeans(samples, classes);

        foreach (var i in new[] { 0, 1, 2, 50, 121, 239 })
        {
            var x = samples.Row(i).ToArray();
            var preImage = projection.PreImages(projection.Transform(x, 1), 1);
            var toItself = Distance(preImage, x);
            for (var c = 0; c < classes; c++)
            {
                if (c != samples.Labels[i])
                {
                    Assert.True(toItself < Distance(preImage, means[c]),
                        $"{kind}: pre-image of sample {i} is {toItself:F3} from it but {Distance(preImage, means[c]):F3} from class {c}'s mean");
                }
            }
        }
    }

    [Fact]
    public void KernelPcaSvm_LearnsTheBlocks_AndItsClassPreImagesLightUpTheirOwnBlock()
    {
        const int classes = 3, block = 6;
        var samples = ClassicalData.Blocks(300, classes, block, seed: 23);
        var shape = new ImageShape(1, 2, 11);
        using var model = (KernelPcaSvmClassifier)new KernelPcaSvmFamily().Fit(ClassicalData.Info(ModelKinds.KernelPcaSvm, classes), shape, samples,
            new ClassicalOptions(Kernel: "rbf", Components: 16, KernelPcaFitSubset: 150), FitMonitor.None);

        Assert.Equal(150, model.Projection.FitCount);
        var probabilities = model.PredictProbabilities(samples.Values, samples.Count);
        Assert.True(LinearSvmTests.Accuracy(probabilities, samples.Labels, classes) > 0.98);
        for (var i = 0; i < samples.Count; i++)
        {
            Assert.Equal(1.0, probabilities.AsSpan(i * classes, classes).ToArray().Sum(), 4);
        }

        for (var c = 0; c < classes; c++)
        {
            var preImage = model.ClassPreImage(c);
            var own = preImage.Skip(c * block).Take(block).Average();
            var other = Enumerable.Range(0, classes).Where(o => o != c).Select(o => preImage.Skip(o * block).Take(block).Average()).Max();
            Assert.True(own > other, $"class {c}: pre-image mean on its block {own:F3}, on another block {other:F3}");
        }
    }

    [Fact]
    public void SaveThenLoad_PredictsIdentically()
    {
        var samples = ClassicalData.Blocks(120, 2, 5, seed: 25, extraPixels: 6); // 16 features
        using var model = new KernelPcaSvmFamily().Fit(ClassicalData.Info(ModelKinds.KernelPcaSvm, 2), new ImageShape(1, 4, 4), samples,
            new ClassicalOptions(Kernel: "rbf", Components: 8), FitMonitor.None);
        using var directory = new TempDirectory();
        model.Save(directory.Path);
        using var loaded = new KernelPcaSvmFamily().Load(directory.Path);

        Assert.Equal(model.PredictProbabilities(samples.Values, samples.Count), loaded.PredictProbabilities(samples.Values, samples.Count));
    }

    [Fact]
    public void EvenlySpacedFitSubset_IsBalancedOverClassOrderedSamples()
    {
        var values = new float[100];
        var labels = Enumerable.Range(0, 100).Select(i => i / 25).ToArray(); // 25 of each of 4 classes, in order
        var subset = KernelPcaSvmFamily.EvenlySpaced(new SampleMatrix(values, labels, 1, 4), 20);
        Assert.All(Enumerable.Range(0, 4), c => Assert.Equal(5, subset.Labels.Count(l => l == c)));
    }

    private static float[][] ClassMeans(SampleMatrix samples, int classes)
    {
        var means = new float[classes][];
        for (var c = 0; c < classes; c++)
        {
            var rows = Enumerable.Range(0, samples.Count).Where(i => samples.Labels[i] == c).ToArray();
            means[c] = Enumerable.Range(0, samples.Dimension).Select(j => rows.Average(i => samples.Row(i)[j])).ToArray();
        }

        return means;
    }

    private static double Distance(float[] a, float[] b) => Math.Sqrt(a.Zip(b, (x, y) => (double)(x - y) * (x - y)).Sum());
}
