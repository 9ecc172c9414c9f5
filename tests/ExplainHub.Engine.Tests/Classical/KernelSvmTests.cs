using ExplainHub.Engine.Models;
using ExplainHub.Engine.Models.Classical;
using ExplainHub.Engine.Native;
using ExplainHub.Engine.Linalg;
using ExplainHub.Engine.Native.LibSvm;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests.Classical;

/// <summary>
/// The LIBSVM kernel SVC on small synthetic sets whose answer is known by construction. Prediction computes kernel
/// values through TorchSharp, hence the native collection.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class KernelSvmTests
{
    [Fact]
    public void LinearKernel_SeparatesTwoClasses_AndItsWeightsPointAlongTheTrueDirection()
    {
        var (samples, direction) = SeparableAlong(count: 200, dimension: 20, seed: 1);
        using var model = KernelSvmModel.Fit(samples, new KernelSvmParameters(KernelKind.Linear), FitMonitor.None);

        Assert.Equal(1.0, Accuracy(model.Predict(samples.Values, samples.Count), samples.Labels));
        Assert.True(Cosine(model.ClassWeights(0), direction) > 0.9, "w_0 should point along +u");
        Assert.True(Cosine(model.ClassWeights(1), direction.Select(v => -v).ToArray()) > 0.9, "w_1 should point along −u");
        var (pairWeights, _) = model.PairFunction(0);
        var towardsPositive = model.Pairs[0].Positive == 0 ? 1f : -1f;
        Assert.True(Cosine(pairWeights.Select(w => (float)w * towardsPositive).ToArray(), direction) > 0.9);
    }

    [Fact]
    public void LinearKernel_DecisionValuesEqualTheRebuiltWeights()
    {
        var (samples, _) = SeparableAlong(count: 200, dimension: 20, seed: 2);
        using var model = KernelSvmModel.Fit(samples, new KernelSvmParameters(KernelKind.Linear), FitMonitor.None);
        var decisions = model.DecisionValues(samples.Values, samples.Count);
        var (pairWeights, pairBias) = model.PairFunction(0);
        var pair = model.Pairs[0];
        var positive = model.ClassWeights(pair.Positive);
        var negative = model.ClassWeights(pair.Negative);

        for (var i = 0; i < samples.Count; i++)
        {
            var x = samples.Row(i);
            Assert.Equal(decisions[i], Dot(pairWeights, x) + pairBias, 1e-6);
            // Two classes: the per-class scores w_c·x + b_c differ by exactly the decision value.
            var scoreDifference = Dot(positive, x) + model.ClassBias(pair.Positive) - Dot(negative, x) - model.ClassBias(pair.Negative);
            Assert.Equal(decisions[i], scoreDifference, 1e-4);
        }
    }

    [Fact]
    public void LinearKernel_EveryPairOfThreeClassesIsLinearInTheFeatures()
    {
        var samples = Blobs(count: 240, dimension: 8, classes: 3, spread: 0.6, seed: 3);
        using var model = KernelSvmModel.Fit(samples, new KernelSvmParameters(KernelKind.Linear), FitMonitor.None);
        var decisions = model.DecisionValues(samples.Values, samples.Count);

        Assert.Equal(3, model.Pairs.Count);
        for (var p = 0; p < model.Pairs.Count; p++)
        {
            var (weights, bias) = model.PairFunction(p);
            for (var i = 0; i < samples.Count; i++)
            {
                Assert.Equal(decisions[(i * 3) + p], Dot(weights, samples.Row(i)) + bias, 1e-6);
            }
        }
    }

    [Fact]
    public void RbfKernel_SeparatesARingFromItsCentre()
    {
        var train = RingAndCentre(count: 400, seed: 4);
        var test = RingAndCentre(count: 400, seed: 5);
        using var model = KernelSvmModel.Fit(train, new KernelSvmParameters(KernelKind.Rbf), FitMonitor.None);

        Assert.True(Accuracy(model.Predict(test.Values, test.Count), test.Labels) >= 0.95);
    }

    [Fact]
    public void LinearKernel_CannotSeparateTheRing()
    {
        // The control for the test above: the ring is the kind of set only a non-linear kernel separates.
        var train = RingAndCentre(count: 400, seed: 4);
        using var model = KernelSvmModel.Fit(train, new KernelSvmParameters(KernelKind.Linear), FitMonitor.None);

        Assert.True(Accuracy(model.Predict(train.Values, train.Count), train.Labels) < 0.8);
    }

    [Theory]
    [InlineData(KernelKind.Rbf, KernelSvmSolverInput.PrecomputedGram)]
    [InlineData(KernelKind.Linear, KernelSvmSolverInput.PrecomputedGram)]
    [InlineData(KernelKind.Poly, KernelSvmSolverInput.PrecomputedGram)]
    [InlineData(KernelKind.Sigmoid, KernelSvmSolverInput.PrecomputedGram)]
    [InlineData(KernelKind.Rbf, KernelSvmSolverInput.SparsePairs)]
    [InlineData(KernelKind.Poly, KernelSvmSolverInput.SparsePairs)]
    public void PairwiseSolves_GiveTheModelOfLibSvmsOwnLoop(KernelKind kernel, KernelSvmSolverInput input)
    {
        var samples = Blobs(count: 150, dimension: 10, classes: 3, spread: 1.2, seed: 6);
        var test = Blobs(count: 90, dimension: 10, classes: 3, spread: 1.2, seed: 7);
        var parameters = new KernelSvmParameters(kernel, C: 2, Coef0: kernel == KernelKind.Sigmoid ? 0 : 1);
        using var precomputed = KernelSvmModel.Fit(samples, parameters with { SolverInput = input }, FitMonitor.None);
        using var sparse = KernelSvmModel.Fit(samples, parameters with { SolverInput = KernelSvmSolverInput.SparseFeatures }, FitMonitor.None);

        Assert.Equal(sparse.SupportVectorIndices, precomputed.SupportVectorIndices);
        Assert.Equal(sparse.Predict(test.Values, test.Count), precomputed.Predict(test.Values, test.Count));
        var reference = sparse.DecisionValuesWithOwnKernel(test.Values, test.Count);
        var fast = precomputed.DecisionValues(test.Values, test.Count);
        Assert.Equal(reference.Length, fast.Length);
        for (var i = 0; i < reference.Length; i++)
        {
            Assert.Equal(reference[i], fast[i], 1e-6);
        }
    }

    [Theory]
    [InlineData(KernelSvmSolverInput.PrecomputedGram)]
    [InlineData(KernelSvmSolverInput.SparsePairs)]
    public void PairwiseSolves_OnClassesOfDifferentSizes_GiveTheModelOfLibSvmsOwnLoop(KernelSvmSolverInput input)
    {
        // Classes of 20, 40, 60 and 80 samples: pairs of 60 to 140 samples reuse the same problem workspaces, larger
        // and smaller pairs in turn.
        int Label(int i) => i < 20 ? 0 : i < 60 ? 1 : i < 120 ? 2 : 3;
        var samples = Blobs(count: 200, dimension: 6, classes: 4, spread: 1.4, seed: 30, Label);
        var test = Blobs(count: 80, dimension: 6, classes: 4, spread: 1.4, seed: 31);
        var parameters = new KernelSvmParameters(KernelKind.Rbf, C: 3);
        using var pairwise = KernelSvmModel.Fit(samples, parameters with { SolverInput = input }, FitMonitor.None);
        using var own = KernelSvmModel.Fit(samples, parameters with { SolverInput = KernelSvmSolverInput.SparseFeatures }, FitMonitor.None);

        Assert.Equal(own.SupportVectorIndices, pairwise.SupportVectorIndices);
        var reference = own.DecisionValuesWithOwnKernel(test.Values, test.Count);
        var actual = pairwise.DecisionValues(test.Values, test.Count);
        for (var i = 0; i < reference.Length; i++)
        {
            Assert.Equal(reference[i], actual[i], 1e-6);
        }
    }

    [Theory]
    [InlineData(KernelSvmSolverInput.PrecomputedGram)]
    [InlineData(KernelSvmSolverInput.SparsePairs)]
    public void PairwiseSolves_WithPlatt_GiveTheProbabilitiesOfLibSvmsOwnLoop(KernelSvmSolverInput input)
    {
        // Pairs solved one by one from the same rand() seed draw the same cross-validation folds as svm_train.
        var samples = Blobs(count: 150, dimension: 10, classes: 3, spread: 1.5, seed: 22);
        var parameters = new KernelSvmParameters(Probabilities: true);
        using var precomputed = KernelSvmModel.Fit(samples, parameters with { SolverInput = input }, FitMonitor.None);
        using var sparse = KernelSvmModel.Fit(samples, parameters with { SolverInput = KernelSvmSolverInput.SparseFeatures }, FitMonitor.None);

        var expected = sparse.Probabilities(samples.Values, samples.Count);
        var actual = precomputed.Probabilities(samples.Values, samples.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-6);
        }
    }

    [Fact]
    public void PrecomputedMemory_CountsTheGramTriangleAndThePairsSolvedAtOnce()
    {
        var tenClasses = LibSvmClassGroups.From(Enumerable.Range(0, 12_000).Select(i => i % 10).ToArray());
        var twoClasses = LibSvmClassGroups.From(Enumerable.Range(0, 12_000).Select(i => i % 2).ToArray());

        // 10 × 1,200: block rows 1,200 × (12,000 − 1,200c) doubles; pairs of 2,400 samples, 2,400 × 2,402 nodes each.
        var gram = Enumerable.Range(0, 10).Sum(c => 1_200L * (12_000 - (1_200 * c)) * 8);
        Assert.Equal(gram + (2 * 2_400L * 2_402 * 16), KernelSvmGram.EstimateBytes(tenClasses, pairsAtOnce: 2));
        Assert.True(KernelSvmGram.EstimateBytes(tenClasses, 2) <= KernelSvmModel.PrecomputedMemoryLimitBytes);
        // Two classes: the one pair holds all 12,000² values, 2.3 GB of svm_nodes: too much, the fit goes sparse.
        Assert.True(KernelSvmGram.EstimateBytes(twoClasses, 2) > KernelSvmModel.PrecomputedMemoryLimitBytes);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Probabilities_SumToOne(bool platt)
    {
        var samples = Blobs(count: 150, dimension: 6, classes: 3, spread: 1.5, seed: 8);
        using var model = KernelSvmModel.Fit(samples, new KernelSvmParameters(Probabilities: platt), FitMonitor.None);
        var probabilities = model.Probabilities(samples.Values, samples.Count);

        Assert.Equal(platt, model.HasPlattProbabilities);
        for (var i = 0; i < samples.Count; i++)
        {
            var row = probabilities.AsSpan(i * 3, 3).ToArray();
            Assert.Equal(1.0, row.Sum(), 1e-5);
            Assert.All(row, p => Assert.InRange(p, 0f, 1f));
        }
    }

    [Fact]
    public void Probabilities_WithoutPlatt_AreTheNormalisedVotes()
    {
        var samples = Blobs(count: 120, dimension: 4, classes: 3, spread: 0.3, seed: 9);
        using var model = KernelSvmModel.Fit(samples, new KernelSvmParameters(), FitMonitor.None);
        var probabilities = model.Probabilities(samples.Values, samples.Count);
        var predicted = model.Predict(samples.Values, samples.Count);

        // Well-separated blobs: each sample's class wins both of its pairs, the other classes one and none.
        for (var i = 0; i < samples.Count; i++)
        {
            var row = probabilities.AsSpan(i * 3, 3).ToArray();
            Assert.Equal(2f / 3, row[predicted[i]], 1e-6);
            Assert.Equal([0f, 1f / 3, 2f / 3], row.Order().ToArray());
        }
    }

    [Fact]
    public void SupportVectorCounts_AddUpAndPointIntoTheTrainingSet()
    {
        var samples = Blobs(count: 150, dimension: 6, classes: 3, spread: 1.5, seed: 10);
        using var model = KernelSvmModel.Fit(samples, new KernelSvmParameters(), FitMonitor.None);

        Assert.True(model.SupportVectorCount > 0);
        Assert.Equal(model.SupportVectorCount, model.SupportVectorsPerClass.Sum());
        Assert.Equal(model.SupportVectorCount, model.SupportVectorIndices.Count);
        Assert.Equal(model.SupportVectorCount, model.SupportVectorIndices.Distinct().Count());
        for (var s = 0; s < model.SupportVectorCount; s++)
        {
            var index = model.SupportVectorIndices[s];
            Assert.Equal(samples.Row(index).ToArray(), model.SupportVectors.Span.Slice(s * 6, 6).ToArray());
        }

        for (var c = 0; c < 3; c++)
        {
            Assert.Equal(model.SupportVectorIndices.Count(i => samples.Labels[i] == c), model.SupportVectorsPerClass[c]);
        }
    }

    [Fact]
    public void ClassAbsentFromTraining_HasNoSupportVectorsAndZeroProbability()
    {
        var blobs = Blobs(count: 120, dimension: 4, classes: 3, spread: 1.0, seed: 11);
        var keep = Enumerable.Range(0, blobs.Count).Where(i => blobs.Labels[i] != 1).ToArray();
        var samples = new SampleMatrix(keep.SelectMany(i => blobs.Row(i).ToArray()).ToArray(), keep.Select(i => blobs.Labels[i]).ToArray(), 4, 3);
        using var model = KernelSvmModel.Fit(samples, new KernelSvmParameters(Probabilities: true), FitMonitor.None);
        var probabilities = model.Probabilities(samples.Values, samples.Count);

        Assert.Equal(0, model.SupportVectorsPerClass[1]);
        Assert.Single(model.Pairs);
        Assert.All(Enumerable.Range(0, samples.Count), i => Assert.Equal(0f, probabilities[(i * 3) + 1]));
    }

    [Theory]
    [InlineData("rbf", false)]
    [InlineData("rbf", true)]
    [InlineData("linear", false)]
    public void SavedClassifier_LoadsWithIdenticalProbabilities(string kernel, bool platt)
    {
        var samples = Blobs(count: 160, dimension: 16, classes: 4, spread: 1.5, seed: 12);
        var family = new KernelSvmFamily();
        var options = new ClassicalOptions(Kernel: kernel, Probabilities: platt);
        using var directory = new TempDirectory();
        using var trained = (KernelSvmClassifier)family.Fit(Info(4), new ImageShape(1, 4, 4), samples, options, FitMonitor.None);
        trained.Save(directory.Path);
        using var loaded = (KernelSvmClassifier)family.Load(directory.Path);

        Assert.Equal(ModelKinds.KernelSvm, SavedModel.ReadKind(directory.Path));
        Assert.Equal(trained.PredictProbabilities(samples.Values, samples.Count), loaded.PredictProbabilities(samples.Values, samples.Count));
        Assert.Equal(trained.Model.SupportVectorIndices, loaded.Model.SupportVectorIndices);
        Assert.Equal(trained.Model.SupportVectorsPerClass, loaded.Model.SupportVectorsPerClass);
        Assert.Equal(trained.Model.Kernel, loaded.Model.Kernel);
        Assert.Equal(kernel == "linear", loaded is ILinearPixelModel);
    }

    [Fact]
    public void LinearKernelClassifier_ExposesItsWeightImages()
    {
        var (samples, direction) = SeparableAlong(count: 100, dimension: 16, seed: 13);
        using var classifier = new KernelSvmFamily().Fit(Info(2), new ImageShape(1, 4, 4), samples,
            new ClassicalOptions(Kernel: "linear", Probabilities: false), FitMonitor.None);

        var linear = Assert.IsAssignableFrom<ILinearPixelModel>(classifier);
        Assert.Equal(16, linear.PixelWeights(0).Length);
        Assert.True(Cosine(linear.PixelWeights(0), direction) > 0.9);
    }

    [Fact]
    public void GammaScale_IsOneOverFeaturesTimesVariance()
    {
        var samples = Blobs(count: 60, dimension: 5, classes: 2, spread: 1.0, seed: 14);
        using var model = KernelSvmModel.Fit(samples, new KernelSvmParameters(), FitMonitor.None);

        Assert.Equal(1.0 / (5 * samples.Variance()), model.Kernel.Gamma, 1e-12);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    public void NonPositiveC_IsRefusedWithLibSvmsReason(double c)
    {
        var samples = Blobs(count: 40, dimension: 3, classes: 2, spread: 1.0, seed: 15);

        var error = Assert.Throws<EngineException>(() => KernelSvmModel.Fit(samples, new KernelSvmParameters(C: c), FitMonitor.None));
        Assert.Equal(EngineErrorKind.InvalidRequest, error.Kind);
        Assert.Contains("C <= 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownKernel_IsRefusedWithTheChoices()
    {
        var samples = Blobs(count: 40, dimension: 4, classes: 2, spread: 1.0, seed: 16);

        var error = Assert.Throws<EngineException>(() => new KernelSvmFamily().Fit(Info(2), new ImageShape(1, 2, 2), samples,
            new ClassicalOptions(Kernel: "cubic"), FitMonitor.None));
        Assert.Equal(EngineErrorKind.InvalidRequest, error.Kind);
        Assert.Contains("'cubic'", error.Message, StringComparison.Ordinal);
        Assert.Contains("linear, poly, rbf or sigmoid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NegativeGamma_IsRefusedWithLibSvmsReason()
    {
        var samples = Blobs(count: 40, dimension: 3, classes: 2, spread: 1.0, seed: 17);

        var error = Assert.Throws<EngineException>(() => KernelSvmModel.Fit(samples, new KernelSvmParameters(Gamma: -0.5), FitMonitor.None));
        Assert.Contains("gamma < 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PolyKernel_OfDegreeTwo_SeparatesTheRing()
    {
        var train = RingAndCentre(count: 300, seed: 18);
        using var model = KernelSvmModel.Fit(train, new KernelSvmParameters(KernelKind.Poly, C: 10, Degree: 2, Coef0: 1), FitMonitor.None);

        Assert.True(Accuracy(model.Predict(train.Values, train.Count), train.Labels) >= 0.95);
    }

    [Fact]
    public void SigmoidKernel_Trains()
    {
        var (samples, _) = SeparableAlong(count: 200, dimension: 10, seed: 19);
        using var model = KernelSvmModel.Fit(samples, new KernelSvmParameters(KernelKind.Sigmoid), FitMonitor.None);

        Assert.True(model.SupportVectorCount > 0);
        Assert.True(Accuracy(model.Predict(samples.Values, samples.Count), samples.Labels) >= 0.9);
    }

    [Fact]
    public void Fit_ReportsEveryBinarySolve()
    {
        var samples = Blobs(count: 120, dimension: 4, classes: 4, spread: 1.0, seed: 20);
        var reports = new List<(string Stage, int Done, int Total)>();
        var monitor = new FitMonitor((stage, done, total) => reports.Add((stage, done, total)), CancellationToken.None);
        using var model = KernelSvmModel.Fit(samples, new KernelSvmParameters(), monitor);

        var solves = reports.Where(r => r.Stage == "solve").ToArray();
        Assert.Equal((6, 6), (solves[^1].Done, solves[^1].Total));
        Assert.Equal(Enumerable.Range(0, 7), solves.Select(r => r.Done));
    }

    [Fact]
    public void Fit_WhenCancelled_StopsBeforeTraining()
    {
        var samples = Blobs(count: 60, dimension: 4, classes: 2, spread: 1.0, seed: 21);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            KernelSvmModel.Fit(samples, new KernelSvmParameters(), new FitMonitor((_, _, _) => { }, cancellation.Token)));
    }

    private static ModelInfo Info(int classes) =>
        new("svc", "svc", ModelKinds.KernelSvm, "synthetic", Enumerable.Range(0, classes).Select(c => $"class {c}").ToArray(), null, 0, DateTimeOffset.UnixEpoch);

    /// <summary>
    /// Two classes on a line through the origin: class 0 at t·u, class 1 at −t·u for t in [1, 3], plus faint noise,
    /// so the support vectors sit near ±u and the max-margin direction is u.
    /// </summary>
    private static (SampleMatrix Samples, float[] Direction) SeparableAlong(int count, int dimension, int seed)
    {
        var random = new Random(seed);
        var direction = Normalise(Enumerable.Range(0, dimension).Select(_ => (float)Gaussian(random)).ToArray());
        var values = new float[count * dimension];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            labels[i] = i % 2;
            var t = (1 + (2 * random.NextDouble())) * (labels[i] == 0 ? 1 : -1);
            for (var f = 0; f < dimension; f++)
            {
                values[(i * dimension) + f] = (float)((t * direction[f]) + (0.03 * Gaussian(random)));
            }
        }

        return (new SampleMatrix(values, labels, dimension, 2), direction);
    }

    /// <summary>Class 0 inside radius 0.8, class 1 on the ring between radii 1.5 and 2: no line separates them.</summary>
    private static SampleMatrix RingAndCentre(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count * 2];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            labels[i] = i % 2;
            var radius = labels[i] == 0 ? 0.8 * Math.Sqrt(random.NextDouble()) : 1.5 + (0.5 * random.NextDouble());
            var angle = 2 * Math.PI * random.NextDouble();
            values[2 * i] = (float)(radius * Math.Cos(angle));
            values[(2 * i) + 1] = (float)(radius * Math.Sin(angle));
        }

        return new SampleMatrix(values, labels, 2, 2);
    }

    /// <summary>Gaussian blobs around the corners 3·e_c (one per class), standard deviation <paramref name="spread"/>.</summary>
    private static SampleMatrix Blobs(int count, int dimension, int classes, double spread, int seed, Func<int, int>? label = null)
    {
        var random = new Random(seed);
        var values = new float[count * dimension];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            labels[i] = label?.Invoke(i) ?? i % classes;
            for (var f = 0; f < dimension; f++)
            {
                var centre = f == labels[i] % dimension ? 3.0 : 0.0;
                values[(i * dimension) + f] = (float)(centre + (spread * Gaussian(random)));
            }
        }

        return new SampleMatrix(values, labels, dimension, classes);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static float[] Normalise(float[] v)
    {
        var norm = (float)Math.Sqrt(v.Sum(x => (double)x * x));
        return v.Select(x => x / norm).ToArray();
    }

    private static double Cosine(float[] a, float[] b) =>
        Dot(a.Select(x => (double)x).ToArray(), b) / Math.Sqrt(Dot(a.Select(x => (double)x).ToArray(), a) * Dot(b.Select(x => (double)x).ToArray(), b));

    private static double Dot(double[] w, ReadOnlySpan<float> x)
    {
        double sum = 0;
        for (var i = 0; i < w.Length; i++)
        {
            sum += w[i] * x[i];
        }

        return sum;
    }

    private static double Dot(float[] w, ReadOnlySpan<float> x) => Dot(w.Select(v => (double)v).ToArray(), x);

    private static double Accuracy(int[] predicted, int[] labels) =>
        predicted.Zip(labels).Count(p => p.First == p.Second) / (double)labels.Length;
}
