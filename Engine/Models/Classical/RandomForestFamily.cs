using ExplainHub.Shared;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>Random forest: XGBoost in random-forest mode (parallel trees of one round, averaged).</summary>
public sealed class RandomForestFamily : IModelFamily
{
    public string Kind => ModelKinds.RandomForest;

    public IClassifier Fit(ModelInfo info, ImageShape shape, SampleMatrix samples, ClassicalOptions options, FitMonitor monitor) =>
        RandomForestClassifier.Fit(info, shape, samples, options, monitor);

    public IClassifier Load(string directory) => RandomForestClassifier.Load(directory);
}
