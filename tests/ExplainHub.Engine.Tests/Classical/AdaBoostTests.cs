using ExplainHub.Engine.Models.Classical;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests.Classical;

/// <summary>SAMME and SAMME.R over XGBoost and CART weak learners on small sets whose answer is known by construction.</summary>
public sealed class AdaBoostTests
{
    private const int Classes = 3;
    private const int GroupSize = 4;
    private const int Pixels = Classes * GroupSize;
    private static readonly ImageShape Shape = new(1, 1, Pixels);

    public static TheoryData<string, string> Variants => new()
    {
        { WeakLearners.XGBoost, BoostingAlgorithms.Samme },
        { WeakLearners.XGBoost, BoostingAlgorithms.SammeR },
        { WeakLearners.Cart, BoostingAlgorithms.Samme },
        { WeakLearners.Cart, BoostingAlgorithms.SammeR },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void AdaBoost_OfSmallTrees_BeatsItsFirstTree_WhereOneTreeCannotDecide(string learner, string algorithm)
    {
        // The class is the group of four pixels with the largest sum: a small tree sees a pixel or two of a group,
        // so a single round errs often; summing trees over rounds approaches the group sums.
        var samples = GroupSums(count: 600, seed: 1);
        using var ensemble = Fit(samples, new ClassicalOptions(Estimators: 30, MaxDepth: learner == WeakLearners.Cart ? 2 : 1,
            WeakLearner: learner, BoostingAlgorithm: algorithm));

        var firstTreeError = ensemble.Details.Errors[0];
        var ensembleError = 1 - ClassicalData.Accuracy(ensemble.PredictProbabilities(samples.Values, samples.Count), samples.Labels);
        Assert.True(ensemble.RoundCount > 1, $"only {ensemble.RoundCount} round(s)");
        Assert.True(firstTreeError > 0.2, $"the first tree should not solve it alone (error {firstTreeError:F3})");
        Assert.True(ensembleError < 0.5 * firstTreeError, $"ensemble error {ensembleError:F3} vs first tree {firstTreeError:F3}");
        Assert.All(ensemble.Details.Weights, alpha => Assert.True(algorithm == BoostingAlgorithms.SammeR ? alpha == 1 : alpha > 0));
        Assert.Equal(learner, ensemble.Details.WeakLearner);
        Assert.Equal(algorithm, ensemble.Details.Algorithm);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void AdaBoost_ProbabilitiesAreDistributions(string learner, string algorithm)
    {
        var samples = GroupSums(count: 300, seed: 2);
        using var ensemble = Fit(samples, new ClassicalOptions(Estimators: 10, MaxDepth: 2, WeakLearner: learner, BoostingAlgorithm: algorithm));

        var probabilities = ensemble.PredictProbabilities(samples.Values, samples.Count);
        for (var i = 0; i < samples.Count; i++)
        {
            var row = probabilities.AsSpan(i * Classes, Classes).ToArray();
            Assert.Equal(1.0, row.Sum(), 5);
            Assert.All(row, p => Assert.InRange(p, 0f, 1f));
        }

        Assert.Equal(1.0, ensemble.PredictProbabilities(new float[Pixels], 1).Sum(), 5);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void AdaBoost_SavedAndLoaded_PredictsTheSameProbabilities(string learner, string algorithm)
    {
        var samples = GroupSums(count: 300, seed: 3);
        using var ensemble = Fit(samples, new ClassicalOptions(Estimators: 8, MaxDepth: 2, WeakLearner: learner, BoostingAlgorithm: algorithm));
        using var directory = new TempDirectory();

        ensemble.Save(directory.Path);
        using var loaded = Assert.IsType<AdaBoostClassifier>(new AdaBoostFamily().Load(directory.Path));

        Assert.Equal(ensemble.Details, loaded.Details with { Weights = ensemble.Details.Weights, Errors = ensemble.Details.Errors });
        Assert.Equal(ensemble.Details.Weights, loaded.Details.Weights);
        Assert.Equal(ensemble.PredictProbabilities(samples.Values, samples.Count), loaded.PredictProbabilities(samples.Values, samples.Count));
        Assert.Equal(ensemble.FeatureImportance(), loaded.FeatureImportance());
    }

    [Fact]
    public void AdaBoost_PerfectFirstRound_StopsWithOneRound_AndVotesLikeScikitLearn()
    {
        // Class c is exactly "pixel c is lit": one stump per class is right on every sample.
        var samples = OneLitPixel(count: 90);
        using var ensemble = Fit(samples, new ClassicalOptions(Estimators: 10, MaxDepth: 1));

        Assert.Equal(1, ensemble.RoundCount);
        Assert.Equal(0.0, ensemble.Details.Errors[0]);

        // One round: decision = 1 for the voted class and −1/(K−1) for the others; predict_proba =
        // softmax(decision/(K−1)) = softmax(½, −¼, −¼) for K = 3.
        var expected = Math.Exp(0.5) / (Math.Exp(0.5) + (2 * Math.Exp(-0.25)));
        var probabilities = ensemble.PredictProbabilities(samples.Values, samples.Count);
        for (var i = 0; i < samples.Count; i++)
        {
            Assert.Equal(expected, probabilities[(i * Classes) + samples.Labels[i]], 5);
        }
    }

    [Fact]
    public void AdaBoostSammeR_PerfectFirstTree_StopsWithOneRound_AndGivesItsLeafProbabilities()
    {
        // Depth 2 separates the three lit pixels exactly: every leaf is pure, so p = (1, 0, 0) clipped at ε, and
        // predict_proba = softmax(log p − mean log p) = p renormalised: 1 − 2ε for the true class.
        var samples = OneLitPixel(count: 90);
        using var ensemble = Fit(samples, new ClassicalOptions(Estimators: 10, MaxDepth: 2, WeakLearner: WeakLearners.Cart, BoostingAlgorithm: BoostingAlgorithms.SammeR));

        Assert.Equal(1, ensemble.RoundCount);
        Assert.Equal(0.0, ensemble.Details.Errors[0]);
        var probabilities = ensemble.PredictProbabilities(samples.Values, samples.Count);
        for (var i = 0; i < samples.Count; i++)
        {
            Assert.Equal(1.0, probabilities[(i * Classes) + samples.Labels[i]], 9);
        }
    }

    [Fact]
    public void AdaBoostSammeR_WithCart_MatchesTheAlgorithmStepByStep()
    {
        // Two rounds by hand from the first tree's leaves: w_i ∝ exp(−(K−1)/K · Σ_c y_c log p_c(x_i)), then the
        // second tree is the one grown on those weights, and the decision is Σ_m (K−1)(log p_c − mean log p).
        var samples = GroupSums(count: 300, seed: 7);
        var options = new ClassicalOptions(Estimators: 2, MaxDepth: 2, WeakLearner: WeakLearners.Cart, BoostingAlgorithm: BoostingAlgorithms.SammeR);
        using var ensemble = Fit(samples, options);

        var uniform = Enumerable.Repeat(1.0 / samples.Count, samples.Count).ToArray();
        var first = ClassificationTree.Fit(samples, uniform, 2, threads: 1);
        var weights = new double[samples.Count];
        for (var i = 0; i < samples.Count; i++)
        {
            var p = LeafProbabilities(first, samples, i);
            var coded = Enumerable.Range(0, Classes).Sum(c => (c == samples.Labels[i] ? 1 : -1.0 / (Classes - 1)) * Math.Log(Math.Max(p[c], AdaBoostClassifier.ProbabilityFloor)));
            weights[i] = Math.Exp(-(Classes - 1.0) / Classes * coded);
        }

        var second = ClassificationTree.Fit(samples, weights, 2, threads: 1);
        var probabilities = ensemble.PredictProbabilities(samples.Values, samples.Count);
        for (var i = 0; i < samples.Count; i++)
        {
            var decision = new double[Classes];
            foreach (var tree in new[] { first, second })
            {
                var logs = LeafProbabilities(tree, samples, i).Select(p => Math.Log(Math.Max(p, AdaBoostClassifier.ProbabilityFloor))).ToArray();
                for (var c = 0; c < Classes; c++)
                {
                    decision[c] += (Classes - 1) * (logs[c] - logs.Average()) / 2;
                }
            }

            var exp = decision.Select(d => Math.Exp(d / (Classes - 1))).ToArray();
            for (var c = 0; c < Classes; c++)
            {
                Assert.Equal(exp[c] / exp.Sum(), probabilities[(i * Classes) + c], 5);
            }
        }
    }

    [Fact]
    public void AdaBoost_RaisesWeightsBelowMachineEpsilon_AndLeavesZerosAlone_AsScikitLearn()
    {
        // scikit-learn's AdaBoostClassifier.fit clips the weights to [eps, ∞) before every round, except those that
        // were 0: on Fashion-MNIST (2k–20k images, CART + SAMME.R) this floor alone moved us from 3–7 points below
        // scikit-learn to within 1.2 (./bench.sh classical adaboost --train-sizes 2000,8000,20000).
        double[] weights = [1e-300, 0, 2e-16, 0.5, 3e-16];
        AdaBoostClassifier.ClipToEpsilon(weights);
        Assert.Equal([AdaBoostClassifier.ProbabilityFloor, 0, AdaBoostClassifier.ProbabilityFloor, 0.5, 3e-16], weights);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    public void AdaBoostSammeR_WithCart_GivesScikitLearnsProbabilities(int classes)
    {
        // Expected values from scikit-learn 1.2.1: AdaBoostClassifier(DecisionTreeClassifier(max_depth=d),
        // algorithm="SAMME.R", n_estimators=n, learning_rate=ν).predict_proba on the first rows of the training set,
        // the same for random_state 0–4 (no ties between splits). Three classes: 18×3, d 1, n 4, ν 0.5; two: 14×2, d 2, n 3, ν 1.
        var (values, dimension, depth, rounds, rate, expected) = classes == 3
            ? (new[]
            {
                0.805f, 0.808f, 0.515f, 0.286f, 0.054f, 0.383f, 0.408f, 0.045f, 0.049f, 0.999f, 0.652f, 0.235f, 0.435f, 0.974f, 0.898f,
                0.844f, 0.392f, 0.493f, 0.677f, 0.061f, 0.556f, 0.271f, 0.880f, 0.064f, 0.679f, 0.870f, 0.227f, 0.895f, 0.872f, 0.019f,
                0.707f, 0.001f, 0.503f, 0.437f, 0.203f, 0.325f, 0.806f, 0.316f, 0.149f, 0.699f, 0.449f, 0.799f, 0.236f, 0.320f, 0.800f,
                0.507f, 0.506f, 0.236f, 0.015f, 0.933f, 0.086f, 0.845f, 0.368f, 0.951f,
            }, 3, 1, 4, 0.5, new[]
            {
                0.6048594703354354, 0.028725904438686233, 0.3664146252258783, 0.00010803262488908687, 0.1841268793010708, 0.8157650880740401,
                0.00010803262488908687, 0.1841268793010708, 0.8157650880740401, 0.6048594703354354, 0.028725904438686233, 0.3664146252258783,
                0.0021539153054889962, 0.9965412757130276, 0.0013048089814835097, 0.39390744856589677, 0.07077864989738811, 0.5353139015367151,
            })
            : (new[]
            {
                0.399f, 0.936f, 0.556f, 0.240f, 0.741f, 0.674f, 0.684f, 0.464f, 0.222f, 0.641f, 0.107f, 0.692f, 0.635f, 0.377f,
                0.799f, 0.194f, 0.390f, 0.798f, 0.380f, 0.713f, 0.613f, 0.941f, 0.992f, 0.724f, 0.809f, 0.153f, 0.713f, 0.848f,
            }, 2, 2, 3, 1.0, new[]
            {
                0.9999956136306819, 4.386369318039043e-06, 4.861083293335762e-06, 0.9999951389167065,
                0.5675380466539746, 0.4324619533460255, 0.5675380466539746, 0.4324619533460255,
            });
        var count = values.Length / dimension;
        var labels = Enumerable.Range(0, count).Select(i => i % classes).ToArray();
        var samples = new SampleMatrix(values, labels, dimension, classes);
        using var ensemble = Assert.IsType<AdaBoostClassifier>(new AdaBoostFamily().Fit(
            ClassicalData.Info(ModelKinds.AdaBoost, classes), new ImageShape(1, 1, dimension), samples,
            new ClassicalOptions(Estimators: rounds, MaxDepth: depth, BoostingLearningRate: rate, WeakLearner: WeakLearners.Cart, BoostingAlgorithm: BoostingAlgorithms.SammeR),
            FitMonitor.None));

        var rows = expected.Length / classes;
        var probabilities = ensemble.PredictProbabilities(values.AsSpan(0, rows * dimension).ToArray(), rows);
        Assert.Equal(rounds, ensemble.RoundCount);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], probabilities[i], 6);
        }
    }

    [Fact]
    public void AdaBoost_SavedBeforeTheChoiceOfLearner_LoadsAsSammeOverXGBoost()
    {
        var samples = GroupSums(count: 200, seed: 5);
        using var ensemble = Fit(samples, new ClassicalOptions(Estimators: 3, MaxDepth: 2));
        using var directory = new TempDirectory();
        ensemble.Save(directory.Path);
        var modelJson = Path.Combine(directory.Path, "model.json");
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(modelJson))!;
        var details = node["Details"]!.AsObject();
        Assert.True(details.Remove("WeakLearner") && details.Remove("Algorithm"), "model.json should name the learner and the algorithm");
        File.WriteAllText(modelJson, node.ToJsonString());

        using var loaded = Assert.IsType<AdaBoostClassifier>(new AdaBoostFamily().Load(directory.Path));

        Assert.Equal(WeakLearners.XGBoost, loaded.Details.WeakLearner);
        Assert.Equal(BoostingAlgorithms.Samme, loaded.Details.Algorithm);
        Assert.Equal(ensemble.PredictProbabilities(samples.Values, samples.Count), loaded.PredictProbabilities(samples.Values, samples.Count));
    }

    [Fact]
    public void AdaBoost_CartWithSubsampling_IsRefusedWithTheReason()
    {
        var samples = GroupSums(count: 100, seed: 6);
        var error = Assert.Throws<EngineException>(() => Fit(samples, new ClassicalOptions(RowSubsample: 0.5, WeakLearner: WeakLearners.Cart)));
        Assert.Contains("XGBoost learner", error.Message, StringComparison.Ordinal);

        var unknown = Assert.Throws<EngineException>(() => ClassicalOptionsValidator.Check(new ClassicalOptions(WeakLearner: "stump")));
        Assert.Contains("xgboost, cart", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AdaBoost_LoadWithAMissingTreeFile_SaysWhichFile()
    {
        var samples = GroupSums(count: 200, seed: 4);
        using var ensemble = Fit(samples, new ClassicalOptions(Estimators: 3, MaxDepth: 2, WeakLearner: WeakLearners.Cart));
        using var directory = new TempDirectory();
        ensemble.Save(directory.Path);
        File.Delete(Path.Combine(directory.Path, TreeWeakLearners.FileName));

        var error = Assert.Throws<FileNotFoundException>(() => new AdaBoostFamily().Load(directory.Path));
        Assert.Contains(TreeWeakLearners.FileName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AdaBoost_LoadWithAMissingRoundFile_SaysWhichFile()
    {
        var samples = GroupSums(count: 200, seed: 4);
        using var ensemble = Fit(samples, new ClassicalOptions(Estimators: 3, MaxDepth: 2));
        using var directory = new TempDirectory();
        ensemble.Save(directory.Path);
        File.Delete(Path.Combine(directory.Path, AdaBoostDetails.RoundFile(0)));

        var error = Assert.Throws<FileNotFoundException>(() => new AdaBoostFamily().Load(directory.Path));
        Assert.Contains(AdaBoostDetails.RoundFile(0), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AdaBoost_FeatureImportance_LiesOnThePixelsThatDecide()
    {
        var samples = OneLitPixel(count: 90);
        using var ensemble = Fit(samples, new ClassicalOptions(Estimators: 5, MaxDepth: 1));

        var importance = ensemble.FeatureImportance();
        Assert.Equal(1.0, importance.Sum(), 4);
        Assert.True(importance.Take(Classes).Sum() > 0.99, "the lit pixels should carry the importance");
    }

    private static double[] LeafProbabilities(ClassificationTree tree, SampleMatrix samples, int row)
    {
        var p = new double[Classes];
        tree.Fractions(tree.Leaf(samples.Values.AsSpan(row * Pixels, Pixels)), p);
        return p;
    }

    private static AdaBoostClassifier Fit(SampleMatrix samples, ClassicalOptions options) =>
        Assert.IsType<AdaBoostClassifier>(new AdaBoostFamily().Fit(
            ClassicalData.Info(ModelKinds.AdaBoost, Classes), Shape, samples, options, FitMonitor.None));

    /// <summary>Uniform pixels; the label is the group of <see cref="GroupSize"/> consecutive pixels with the largest sum.</summary>
    private static SampleMatrix GroupSums(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count * Pixels];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            var row = values.AsSpan(i * Pixels, Pixels);
            for (var p = 0; p < Pixels; p++)
            {
                row[p] = (float)random.NextDouble();
            }

            var best = double.NegativeInfinity;
            for (var g = 0; g < Classes; g++)
            {
                double sum = 0;
                for (var p = 0; p < GroupSize; p++)
                {
                    sum += row[(g * GroupSize) + p];
                }

                if (sum > best)
                {
                    best = sum;
                    labels[i] = g;
                }
            }
        }

        return new SampleMatrix(values, labels, Pixels, Classes);
    }

    /// <summary>Sample i has class i mod 3 and only pixel (i mod 3) lit; the other pixels are 0.</summary>
    private static SampleMatrix OneLitPixel(int count)
    {
        var values = new float[count * Pixels];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            labels[i] = i % Classes;
            values[(i * Pixels) + labels[i]] = 1;
        }

        return new SampleMatrix(values, labels, Pixels, Classes);
    }
}
