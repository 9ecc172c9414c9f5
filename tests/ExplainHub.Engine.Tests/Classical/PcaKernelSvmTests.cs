using ExplainHub.Engine.Models;
using ExplainHub.Engine.Models.Classical;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests.Classical;

/// <summary>PCA + kernel SVC on a ring that lives in a 2-d plane of a 12-pixel image: only a non-linear kernel separates it.</summary>
[Collection(NativeCollection.Name)]
public sealed class PcaKernelSvmTests
{
    private static readonly ImageShape Shape = new(1, 3, 4);

    [Fact]
    public void RbfOnTwoComponents_SeparatesTheRing_WhereALinearKernelCannot()
    {
        var samples = PlanarRing(300, seed: 4);
        using var rbf = new PcaKernelSvmFamily().Fit(ClassicalData.Info(ModelKinds.PcaKernelSvm, 2), Shape, samples,
            new ClassicalOptions(Kernel: "rbf", Components: 2, Probabilities: false), FitMonitor.None);
        using var linear = new PcaKernelSvmFamily().Fit(ClassicalData.Info(ModelKinds.PcaKernelSvm, 2), Shape, samples,
            new ClassicalOptions(Kernel: "linear", Components: 2, Probabilities: false), FitMonitor.None);

        var pca = ((PcaKernelSvmClassifier)rbf).Projection;
        Assert.True(pca.ExplainedVarianceRatio > 0.99, $"the plane holds the variance; explained {pca.ExplainedVarianceRatio:F4}");
        Assert.True(ClassicalData.Accuracy(rbf, samples) >= 0.98, $"rbf accuracy {ClassicalData.Accuracy(rbf, samples):P1}");
        Assert.True(ClassicalData.Accuracy(linear, samples) <= 0.8, $"linear accuracy {ClassicalData.Accuracy(linear, samples):P1}");
    }

    [Fact]
    public void Saved_LoadsWithIdenticalProbabilities()
    {
        var samples = PlanarRing(120, seed: 5);
        using var trained = new PcaKernelSvmFamily().Fit(ClassicalData.Info(ModelKinds.PcaKernelSvm, 2), Shape, samples,
            new ClassicalOptions(Kernel: "rbf", Components: 3, Probabilities: true), FitMonitor.None);
        using var directory = new TempDirectory();
        trained.Save(directory.Path);
        using var loaded = ClassicalFamilies.Find(SavedModel.ReadKind(directory.Path)!)!.Load(directory.Path);

        Assert.IsType<PcaKernelSvmClassifier>(loaded);
        var probabilities = loaded.PredictProbabilities(samples.Values, samples.Count);
        Assert.Equal(trained.PredictProbabilities(samples.Values, samples.Count), probabilities);
        for (var i = 0; i < samples.Count; i++)
        {
            Assert.Equal(1.0, probabilities[i * 2] + probabilities[(i * 2) + 1], 5);
        }
    }

    /// <summary>Class 1 on a circle of radius 1, class 0 near the centre, in the plane of pixels 0 and 1 (offset 0.5); the other pixels are faint noise.</summary>
    private static SampleMatrix PlanarRing(int count, int seed)
    {
        var random = new Random(seed);
        var d = Shape.Pixels;
        var values = new float[count * d];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            labels[i] = i % 2;
            var angle = random.NextDouble() * 2 * Math.PI;
            var radius = labels[i] == 1 ? 1.0 + ((random.NextDouble() - 0.5) * 0.1) : random.NextDouble() * 0.3;
            values[i * d] = (float)(0.5 + (radius * Math.Cos(angle)));
            values[(i * d) + 1] = (float)(0.5 + (radius * Math.Sin(angle)));
            for (var j = 2; j < d; j++)
            {
                values[(i * d) + j] = (float)(random.NextDouble() * 0.01);
            }
        }

        return new SampleMatrix(values, labels, d, 2);
    }
}
