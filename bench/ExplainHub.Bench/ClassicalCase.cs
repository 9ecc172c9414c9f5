using ExplainHub.Shared;

namespace ExplainHub.Bench;

/// <summary>
/// One model of <c>./bench.sh classical</c>: our kind and settings, the matching case of w7_sklearn.py and the size of
/// the training subset both sides take (the first n of numpy's default_rng(0) permutation of the train split).
/// <see cref="FixedReference"/>: scikit-learn's side is w7's own case at w7's size; otherwise the bench's helper fits
/// w7's estimator at <see cref="TrainCount"/> (<c>--train-sizes</c>).
/// </summary>
internal sealed record ClassicalCase(string Name, string Kind, ClassicalOptions Options, string ReferenceCase, int TrainCount, bool FixedReference = true)
{
    /// <summary>The settings w7_sklearn.py uses, case by case (see its header).</summary>
    public static IReadOnlyList<ClassicalCase> All { get; } =
    [
        new("linear_svm", ModelKinds.LinearSvm, new ClassicalOptions(C: 1), "linsvc", 20_000),
        new("rbf_svc", ModelKinds.KernelSvm, new ClassicalOptions(Kernel: "rbf", Probabilities: false), "svc_rbf", 5_000),
        new("linear_svc", ModelKinds.KernelSvm, new ClassicalOptions(Kernel: "linear", Probabilities: false), "svc_linear", 5_000),
        new("pca_svc", ModelKinds.PcaKernelSvm, new ClassicalOptions(Kernel: "rbf", Components: 128, Probabilities: false), "pca_svc", 10_000),
        new("random_forest", ModelKinds.RandomForest, new ClassicalOptions(Estimators: 150, MaxDepth: 15), "rf", 60_000),

        // XGBoost's random-forest mode, kept as an option: not Breiman's forest, so not the same learner as "rf".
        new("random_forest_xgboost", ModelKinds.RandomForest, new ClassicalOptions(Estimators: 150, MaxDepth: 15, ForestAlgorithm: ForestAlgorithms.XGBoost), "rf", 60_000),

        // scikit-learn 1.2's AdaBoostClassifier: SAMME.R over one depth-3 tree of all classes per round.
        new("adaboost", ModelKinds.AdaBoost, new ClassicalOptions(Estimators: 50, MaxDepth: 3, WeakLearner: WeakLearners.Cart,
            BoostingAlgorithm: BoostingAlgorithms.SammeR), "ada", 20_000),

        // Our default: SAMME over one XGBoost round (a depth-3 tree per class) per round; not the same learner.
        new("adaboost_xgboost", ModelKinds.AdaBoost, new ClassicalOptions(Estimators: 50, MaxDepth: 3), "ada", 20_000),
    ];
}
