using ExplainHub.Engine.Models.Classical;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests.Classical;

/// <summary>SAMME over XGBoost weak learners on small sets whose answer is known by construction.</summary>
public sealed class AdaBoostTests
{
    private const int Classes = 3;
    private const int GroupSize = 4;
    private const int Pixels = Classes * GroupSize;
    private static readonly ImageShape Shape = new(1, 1, Pixels);

    [Fact]
    public void AdaBoost_OfStumps_BeatsItsFirstStump_WhereOneStumpCannotDecide()
    {
        // The class is the group of four pixels with the largest sum: one stump per class sees one pixel of its
        // group, so a single round errs often; summing stumps over rounds approaches the group sums.
        var samples = GroupSums(count: 600, seed: 1);
        using var ensemble = Fit(samples, new ClassicalOptions(Estimators: 30, MaxDepth: 1));

        var firstStumpError = ensemble.Details.Errors[0];
        var ensembleError = 1 - ClassicalData.Accuracy(ensemble.PredictProbabilities(samples.Values, samples.Count), samples.Labels);
        Assert.True(ensemble.RoundCount > 1, $"only {ensemble.RoundCount} round(s)");
        Assert.True(firstStumpError > 0.2, $"the first stump should not solve it alone (error {firstStumpError:F3})");
        Assert.True(ensembleError < 0.5 * firstStumpError, $"ensemble error {ensembleError:F3} vs first stump {firstStumpError:F3}");
        Assert.All(ensemble.Details.Weights, alpha => Assert.True(alpha > 0));
    }

    [Fact]
    public void AdaBoost_ProbabilitiesAreDistributions()
    {
        var samples = GroupSums(count: 300, seed: 2);
        using var ensemble = Fit(samples, new ClassicalOptions(Estimators: 10, MaxDepth: 2));

        var probabilities = ensemble.PredictProbabilities(samples.Values, samples.Count);
        for (var i = 0; i < samples.Count; i++)
        {
            var row = probabilities.AsSpan(i * Classes, Classes).ToArray();
            Assert.Equal(1.0, row.Sum(), 5);
            Assert.All(row, p => Assert.InRange(p, 0f, 1f));
        }

        Assert.Equal(1.0, ensemble.PredictProbabilities(new float[Pixels], 1).Sum(), 5);
    }

    [Fact]
    public void AdaBoost_SavedAndLoaded_PredictsTheSameProbabilities()
    {
        var samples = GroupSums(count: 300, seed: 3);
        using var ensemble = Fit(samples, new ClassicalOptions(Estimators: 8, MaxDepth: 2));
        using var directory = new TempDirectory();

        ensemble.Save(directory.Path);
        using var loaded = Assert.IsType<AdaBoostClassifier>(new AdaBoostFamily().Load(directory.Path));

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
