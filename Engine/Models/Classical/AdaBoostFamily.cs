using ExplainHub.Shared;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>AdaBoost (SAMME or SAMME.R) over depth-limited XGBoost rounds or CART trees.</summary>
public sealed class AdaBoostFamily : IModelFamily
{
    public string Kind => ModelKinds.AdaBoost;

    public IClassifier Fit(ModelInfo info, ImageShape shape, SampleMatrix samples, ClassicalOptions options, FitMonitor monitor) =>
        AdaBoostClassifier.Fit(info, shape, samples, options, monitor);

    public IClassifier Load(string directory) => AdaBoostClassifier.Load(directory);
}
