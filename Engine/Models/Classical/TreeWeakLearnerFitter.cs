namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// Fits each AdaBoost round as one CART tree of the given depth over all classes (scikit-learn's
/// DecisionTreeClassifier(max_depth=d) with sample weights), its splits searched on every core.
/// </summary>
internal sealed class TreeWeakLearnerFitter(SampleMatrix samples, int depth) : IWeakLearnerFitter
{
    private readonly List<ClassificationTree> kept = [];
    private ClassificationTree? latest;

    public double[] Fit(ReadOnlySpan<double> weights, int round)
    {
        latest = ClassificationTree.Fit(samples, weights, depth, Environment.ProcessorCount);
        var probabilities = new double[samples.Count * samples.Classes];
        latest.Probabilities(samples.Values, samples.Count, probabilities);
        return probabilities;
    }

    public void Keep()
    {
        kept.Add(latest ?? throw new InvalidOperationException("No round was fitted since the last one was kept."));
        latest = null;
    }

    public IWeakLearners Release() => new TreeWeakLearners([.. kept]);

    public void Dispose()
    {
    }
}
