using ExplainHub.Engine.Models.Classical;
using ExplainHub.Engine.Native;
using ExplainHub.Engine.Linalg;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests.Classical;

[Collection(NativeCollection.Name)]
public sealed class PcaSvmTests
{
    [Fact]
    public void Pca_RecoversAPlantedLowRankSubspace_WithinOneDegree()
    {
        const int n = 500, d = 40, rank = 3;
        var random = new Random(2);
        // An orthonormal basis B (rank×d) from Gram–Schmidt on random vectors; data = z·B + offset + small noise.
        var basis = new double[rank][];
        for (var r = 0; r < rank; r++)
        {
            var v = Enumerable.Range(0, d).Select(_ => random.NextDouble() - 0.5).ToArray();
            for (var q = 0; q < r; q++)
            {
                var dot = v.Zip(basis[q], (a, b) => a * b).Sum();
                for (var j = 0; j < d; j++)
                {
                    v[j] -= dot * basis[q][j];
                }
            }

            var norm = Math.Sqrt(v.Sum(x => x * x));
            basis[r] = v.Select(x => x / norm).ToArray();
        }

        var values = new float[n * d];
        var scales = new[] { 3.0, 2.0, 1.0 };
        for (var i = 0; i < n; i++)
        {
            for (var r = 0; r < rank; r++)
            {
                var z = (random.NextDouble() - 0.5) * scales[r];
                for (var j = 0; j < d; j++)
                {
                    values[(i * d) + j] += (float)(z * basis[r][j]);
                }
            }

            for (var j = 0; j < d; j++)
            {
                values[(i * d) + j] += (float)(0.5 + ((random.NextDouble() - 0.5) * 1e-3));
            }
        }

        var samples = new SampleMatrix(values, Enumerable.Range(0, n).Select(i => i % 2).ToArray(), d, 2);
        var pca = PcaProjection.Fit(samples, rank);

        // Principal angles: the singular values of A·Bᵀ are their cosines; the smallest belongs to the largest angle.
        var cross = new double[rank * rank];
        for (var a = 0; a < rank; a++)
        {
            for (var b = 0; b < rank; b++)
            {
                for (var j = 0; j < d; j++)
                {
                    cross[(a * rank) + b] += pca.Axes[(a * d) + j] * basis[b][j];
                }
            }
        }

        var gram = TorchLinearAlgebra.Multiply(cross, rank, rank, Transpose(cross, rank), rank);
        var (eigenvalues, _) = TorchLinearAlgebra.TopEigen(gram, rank, rank);
        var largestAngle = Math.Acos(Math.Min(1, Math.Sqrt(eigenvalues.Min()))) * 180 / Math.PI;
        Assert.True(largestAngle < 1, $"largest principal angle {largestAngle:F3}°");
        Assert.True(pca.ExplainedVarianceRatio > 0.999, $"explained variance {pca.ExplainedVarianceRatio:F5}");
        Assert.True(pca.Variances[0] >= pca.Variances[1] && pca.Variances[1] >= pca.Variances[2]);
    }

    [Fact]
    public void Transform_OfMoreRowsThanOneNativeBlock_IsTheCentredProjectionOfEveryRow()
    {
        const int n = 5000, d = 6, k = 3;
        var random = new Random(8);
        var values = Enumerable.Range(0, n * d).Select(_ => (float)random.NextDouble()).ToArray();
        var projection = PcaProjection.Fit(new SampleMatrix(values, Enumerable.Range(0, n).Select(i => i % 2).ToArray(), d, 2), k);

        var z = projection.Transform(values, n);

        var largest = 0.0;
        foreach (var row in new[] { 0, 2047, 2048, 4095, 4096, n - 1 })
        {
            for (var c = 0; c < k; c++)
            {
                var expected = 0.0;
                for (var j = 0; j < d; j++)
                {
                    expected += ((double)values[(row * d) + j] - projection.Mean[j]) * projection.Axes[(c * d) + j];
                }

                largest = Math.Max(largest, Math.Abs(expected - z[(row * k) + c]));
            }
        }

        Assert.True(largest < 1e-5, $"largest difference {largest:E2}");
    }

    [Fact]
    public void PixelSpaceWeights_ReproduceTheComponentSpaceDecision()
    {
        var samples = ClassicalData.Blocks(300, 4, 6, seed: 13, extraPixels: 11); // 35 features
        var shape = new ImageShape(1, 5, 7);
        var model = (PcaSvmClassifier)new PcaSvmFamily().Fit(ClassicalData.Info(ModelKinds.PcaSvm, 4), shape, samples,
            new ClassicalOptions(Components: 8), FitMonitor.None);

        var decisions = model.DecisionValues(samples.Values, samples.Count);
        double worst = 0;
        for (var i = 0; i < samples.Count; i++)
        {
            var x = samples.Row(i);
            for (var c = 0; c < 4; c++)
            {
                var w = model.PixelWeights(c);
                var pixelScore = model.PixelBias(c);
                for (var j = 0; j < x.Length; j++)
                {
                    pixelScore += (double)w[j] * x[j];
                }

                worst = Math.Max(worst, Math.Abs(pixelScore - decisions[(i * 4) + c]));
            }
        }

        Assert.True(worst < 1e-4, $"max |w^p·x + b^p − SVM decision| = {worst:E2}");
        Assert.True(LinearSvmTests.Accuracy(model.PredictProbabilities(samples.Values, samples.Count), samples.Labels, 4) > 0.99);
    }

    [Fact]
    public void SaveThenLoad_PredictsIdentically()
    {
        var samples = ClassicalData.Blocks(150, 3, 5, seed: 17, extraPixels: 1); // 16 features
        var shape = new ImageShape(1, 4, 4);
        using var model = new PcaSvmFamily().Fit(ClassicalData.Info(ModelKinds.PcaSvm, 3), shape, samples,
            new ClassicalOptions(Components: 5), FitMonitor.None);
        using var directory = new TempDirectory();
        model.Save(directory.Path);
        using var loaded = new PcaSvmFamily().Load(directory.Path);

        Assert.Equal(model.PredictProbabilities(samples.Values, samples.Count), loaded.PredictProbabilities(samples.Values, samples.Count));
    }

    [Fact]
    public void MoreComponentsThanFeatures_IsRefused()
    {
        var samples = ClassicalData.Blocks(50, 2, 3, seed: 1, extraPixels: 0);
        var error = Assert.Throws<ArgumentException>(() => PcaProjection.Fit(samples, 7));
        Assert.Contains("1..6", error.Message, StringComparison.Ordinal);
    }

    private static double[] Transpose(double[] square, int size)
    {
        var result = new double[square.Length];
        for (var a = 0; a < size; a++)
        {
            for (var b = 0; b < size; b++)
            {
                result[(b * size) + a] = square[(a * size) + b];
            }
        }

        return result;
    }
}
