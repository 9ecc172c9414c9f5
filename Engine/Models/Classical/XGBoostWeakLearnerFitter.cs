using ExplainHub.Engine.Native.XGBoost;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// Fits each AdaBoost round as one XGBoost round of depth-limited trees (multi:softprob, eta 1) on the current
/// sample weights, with row and feature subsampling.
/// </summary>
internal sealed class XGBoostWeakLearnerFitter : IWeakLearnerFitter
{
    /// <summary>Histogram bins per pixel for the weak learners.</summary>
    public const int MaxBins = 64;

    private readonly SampleMatrix samples;
    private readonly int depth;
    private readonly double rowFraction;
    private readonly double featureFraction;
    private readonly XGBoostMatrix train;
    private readonly float[] scaledWeights;
    private readonly List<XGBoostBooster> kept = [];
    private XGBoostBooster? latest;
    private bool released;

    public XGBoostWeakLearnerFitter(SampleMatrix samples, int depth, double rowFraction, double featureFraction)
    {
        this.samples = samples;
        this.depth = depth;
        this.rowFraction = rowFraction;
        this.featureFraction = featureFraction;
        train = XGBoostTrees.TrainingMatrix(samples);
        scaledWeights = new float[samples.Count];
    }

    public double[] Fit(ReadOnlySpan<double> weights, int round)
    {
        latest?.Dispose();
        latest = null;

        // SAMME needs the weights only up to scale; XGBoost's min_child_weight and L2 are absolute hessian sums,
        // so it gets them with mean 1 (weights that sum to 1 would make every hessian look tiny).
        double sum = 0;
        foreach (var w in weights)
        {
            sum += w;
        }

        for (var i = 0; i < scaledWeights.Length; i++)
        {
            scaledWeights[i] = (float)(weights[i] * samples.Count / sum);
        }

        train.SetWeights(scaledWeights);
        using var booster = XGBoostTrees.MulticlassTreeBooster(train, samples.Classes, depth, XGBoostTrees.Seed + round);
        booster.SetParameter("subsample", rowFraction);
        booster.SetParameter("colsample_bynode", featureFraction);

        // scikit-learn's weak tree splits while a child keeps any weight (min_weight_fraction_leaf = 0).
        booster.SetParameter("min_child_weight", 0.0);

        // 64 intensity levels per pixel: as accurate as 256 on Fashion-MNIST (measured) and 2–3× faster.
        booster.SetParameter("max_bin", MaxBins);
        booster.UpdateOneIteration(0, train);
        var predicted = booster.Predict(train, outputMargin: false);
        latest = XGBoostTrees.Detach(booster);
        return Array.ConvertAll(predicted, p => (double)p);
    }

    public void Keep()
    {
        kept.Add(latest ?? throw new InvalidOperationException("No round was fitted since the last one was kept."));
        latest = null;
    }

    public IWeakLearners Release()
    {
        released = true;
        return new XGBoostWeakLearners([.. kept], samples.Classes);
    }

    public void Dispose()
    {
        latest?.Dispose();
        train.Dispose();
        if (!released)
        {
            foreach (var booster in kept)
            {
                booster.Dispose();
            }
        }
    }
}
