using ExplainHub.Engine.Models.Classical;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests.Classical;

[Collection(NativeCollection.Name)]
public sealed class LinearSvmTests
{
    [Fact]
    public void SeparableSet_IsLearnedPerfectly_AndTheWeightPointsAlongTheTrueNormal()
    {
        var direction = new float[] { 3, -2, 0, 1, 0, 0, -1, 2, 0, 0, 0, 0, 1, 0, -3, 0 };
        var samples = ClassicalData.Separable(600, direction, seed: 3);
        var model = LinearSvmModel.Fit(samples, c: 10, FitMonitor.None);

        var probabilities = model.Probabilities(samples.Values, samples.Count);
        Assert.Equal(1.0, Accuracy(probabilities, samples.Labels, 2));

        // Class 1 lies on the +direction side: its w must point that way.
        var w = model.Weights[1];
        var cosine = Dot(w, direction) / Math.Sqrt(Dot(w, w) * Dot(direction, direction));
        Assert.True(cosine > 0.95, $"cos(w_1, normal) = {cosine:F3}");
        Assert.Equal(model.Weights[0], Array.ConvertAll(model.Weights[1], v => -v));
    }

    [Fact]
    public void DecisionValues_AreWxPlusB_AcrossBlockBoundaries_ToFloat64Precision()
    {
        // 2,100 rows: more than one of the GEMM's 2,048-row blocks; 784 features as an image's.
        const int rows = 2100, dimension = 784, classes = 3;
        var random = new Random(11);
        var weights = Enumerable.Range(0, classes).Select(_ => Enumerable.Range(0, dimension).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray()).ToArray();
        var intercepts = new[] { 0.5, -1.25, 3.0 };
        var x = Enumerable.Range(0, rows * dimension).Select(_ => (float)random.NextDouble()).ToArray();
        var model = new LinearSvmModel(weights, intercepts, temperature: 1);

        var decisions = model.DecisionValues(x, rows);

        Assert.Equal(rows * classes, decisions.Length);
        foreach (var i in new[] { 0, 1, 2047, 2048, 2099 })
        {
            for (var c = 0; c < classes; c++)
            {
                var expected = intercepts[c] + Enumerable.Range(0, dimension).Sum(j => (double)weights[c][j] * x[(i * dimension) + j]);
                Assert.Equal(expected, decisions[(i * classes) + c], 3); // |w·x| ≈ 10: float32 products, summed, agree to 1e-3
            }
        }
    }

    [Fact]
    public void EachClassWeight_IsLargestOnThePixelsThatMakeThatClass()
    {
        const int classes = 4, block = 5;
        var samples = ClassicalData.Blocks(400, classes, block, seed: 5);
        var model = LinearSvmModel.Fit(samples, c: 1, FitMonitor.None);

        Assert.Equal(1.0, Accuracy(model.Probabilities(samples.Values, samples.Count), samples.Labels, classes));
        for (var c = 0; c < classes; c++)
        {
            var w = model.Weights[c];
            var own = w.Skip(c * block).Take(block).Average();
            var others = w.Where((_, j) => j / block != c).Max();
            Assert.True(own > others, $"class {c}: mean own-block weight {own:F3} should exceed every other weight ({others:F3})");
        }
    }

    [Fact]
    public void Probabilities_SumToOne_AndFollowTheDecision()
    {
        var samples = ClassicalData.Blocks(200, 3, 4, seed: 7);
        var model = LinearSvmModel.Fit(samples, c: 1, FitMonitor.None);
        var probabilities = model.Probabilities(samples.Values, samples.Count);
        var decisions = model.DecisionValues(samples.Values, samples.Count);
        for (var i = 0; i < samples.Count; i++)
        {
            var row = probabilities.AsSpan(i * 3, 3);
            Assert.Equal(1.0, row.ToArray().Sum(), 5);
            Assert.Equal(ArgMax(decisions.AsSpan(i * 3, 3)), ArgMax(row));
        }

        Assert.True(model.Temperature is > 0 and < 1000);
    }

    [Fact]
    public void SaveThenLoad_PredictsIdentically()
    {
        var samples = ClassicalData.Blocks(120, 3, 4, seed: 9, extraPixels: 4); // 16 features = a 4×4 image
        var shape = new ImageShape(1, 4, 4);
        var classifier = (LinearSvmClassifier)new LinearSvmFamily().Fit(ClassicalData.Info(ModelKinds.LinearSvm, 3), shape, samples,
            new ClassicalOptions(), FitMonitor.None);
        using var directory = new TempDirectory();
        classifier.Save(directory.Path);
        using var loaded = new LinearSvmFamily().Load(directory.Path);

        Assert.Equal(classifier.PredictProbabilities(samples.Values, samples.Count), loaded.PredictProbabilities(samples.Values, samples.Count));
        Assert.Equal(classifier.Info.Id, loaded.Info.Id);
    }

    [Fact]
    public void Fitting_ReportsEachClassSolve_AndHonoursCancellation()
    {
        var samples = ClassicalData.Blocks(200, 4, 4, seed: 11);
        var steps = new List<int>();
        LinearSvmModel.Fit(samples, 1, new FitMonitor((_, done, _) => { lock (steps) { steps.Add(done); } }, CancellationToken.None));
        Assert.Contains(4, steps);

        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => LinearSvmModel.Fit(samples, 1, new FitMonitor((_, _, _) => { }, cancellation.Token)));
    }

    [Fact]
    public void NonPositiveC_IsRefused()
    {
        var samples = ClassicalData.Blocks(40, 2, 2, seed: 1);
        var error = Assert.Throws<ArgumentException>(() => LinearSvmModel.Fit(samples, 0, FitMonitor.None));
        Assert.Contains("C must be positive", error.Message, StringComparison.Ordinal);
    }

    internal static double Accuracy(float[] probabilities, int[] labels, int classes)
    {
        var correct = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            correct += ArgMax(probabilities.AsSpan(i * classes, classes)) == labels[i] ? 1 : 0;
        }

        return (double)correct / labels.Length;
    }

    internal static int ArgMax<T>(ReadOnlySpan<T> values)
        where T : IComparable<T>
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i].CompareTo(values[best]) > 0)
            {
                best = i;
            }
        }

        return best;
    }

    private static double Dot(float[] a, float[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }

        return sum;
    }
}
