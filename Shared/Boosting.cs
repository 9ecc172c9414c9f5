namespace ExplainHub.Shared;

/// <summary>The weak learners AdaBoost can boost (<see cref="ClassicalOptions.WeakLearner"/>).</summary>
public static class WeakLearners
{
    /// <summary>One XGBoost round: a depth-limited tree per class on the softmax gradient (multi:softprob).</summary>
    public const string XGBoost = "xgboost";

    /// <summary>One CART classification tree over all classes, scikit-learn's DecisionTreeClassifier (weighted Gini over presorted features).</summary>
    public const string Cart = "cart";

    public static IReadOnlyList<string> All { get; } = [XGBoost, Cart];
}

/// <summary>How a random forest is grown (<see cref="ClassicalOptions.ForestAlgorithm"/>).</summary>
public static class ForestAlgorithms
{
    /// <summary>Breiman's random forest, as scikit-learn's RandomForestClassifier: bootstrap rows, √d pixels per split, Gini, leaf class fractions averaged.</summary>
    public const string Breiman = "breiman";

    /// <summary>XGBoost's random-forest mode: parallel trees of one boosting round on histograms, rows sampled without replacement, softmax of averaged margins.</summary>
    public const string XGBoost = "xgboost";

    public static IReadOnlyList<string> All { get; } = [Breiman, XGBoost];
}

/// <summary>The AdaBoost variants (<see cref="ClassicalOptions.BoostingAlgorithm"/>), Zhu et al. 2009.</summary>
public static class BoostingAlgorithms
{
    /// <summary>Discrete SAMME: each round votes for its predicted class with weight α_m.</summary>
    public const string Samme = "samme";

    /// <summary>Real SAMME.R: each round adds (K − 1)(log p_c − mean log p) from its class probabilities.</summary>
    public const string SammeR = "samme.r";

    public static IReadOnlyList<string> All { get; } = [Samme, SammeR];
}
