using System.Globalization;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// model.json details of an AdaBoost ensemble: each round's weight α_m and its weighted training error
/// (scikit-learn's estimator_weights_ and estimator_errors_), the variant and the weak learner. XGBoost rounds are
/// in files round-000.ubj, round-001.ubj … beside it, CART rounds in trees.json. Models saved before the choice
/// existed were SAMME over XGBoost, which the defaults say.
/// </summary>
public sealed record AdaBoostDetails(
    double[] Weights,
    double[] Errors,
    int MaxDepth,
    double LearningRate,
    string WeakLearner = WeakLearners.XGBoost,
    string Algorithm = BoostingAlgorithms.Samme)
{
    public static string RoundFile(int round) => string.Create(CultureInfo.InvariantCulture, $"round-{round:000}.ubj");
}
