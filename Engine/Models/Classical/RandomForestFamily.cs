using ExplainHub.Shared;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// Random forest: Breiman's (<see cref="BreimanForestClassifier"/>, the default) or XGBoost's random-forest mode
/// (<see cref="XGBoostForestClassifier"/>), as <see cref="ClassicalOptions.ForestAlgorithm"/> says. A saved forest is
/// loaded as what its files say it is, so forests saved before Breiman's became the default still load.
/// </summary>
public sealed class RandomForestFamily : IModelFamily
{
    public string Kind => ModelKinds.RandomForest;

    public IClassifier Fit(ModelInfo info, ImageShape shape, SampleMatrix samples, ClassicalOptions options, FitMonitor monitor) =>
        options.ForestAlgorithm switch
        {
            ForestAlgorithms.Breiman => BreimanForestClassifier.Fit(info, shape, samples, options, monitor),
            ForestAlgorithms.XGBoost => XGBoostForestClassifier.Fit(info, shape, samples, options, monitor),
            _ => throw new EngineException(EngineErrorKind.InvalidRequest,
                $"Unknown forest algorithm '{options.ForestAlgorithm}'. Known: {string.Join(", ", ForestAlgorithms.All)}."),
        };

    public IClassifier Load(string directory) => File.Exists(Path.Combine(directory, BreimanForestDetails.TreesFile))
        ? BreimanForestClassifier.Load(directory)
        : XGBoostForestClassifier.Load(directory);
}
