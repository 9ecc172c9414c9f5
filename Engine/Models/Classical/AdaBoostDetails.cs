using System.Globalization;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// model.json details of a SAMME ensemble: each round's weight α_m and its weighted training error (scikit-learn's
/// estimator_weights_ and estimator_errors_), with the weak learners in files round-000.ubj, round-001.ubj … beside it.
/// </summary>
public sealed record AdaBoostDetails(double[] Weights, double[] Errors, int MaxDepth, double LearningRate)
{
    public static string RoundFile(int round) => string.Create(CultureInfo.InvariantCulture, $"round-{round:000}.ubj");
}
