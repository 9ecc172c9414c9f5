using ExplainHub.Shared;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>Refuses classical settings no family can use, before a job is queued, with what is allowed.</summary>
public static class ClassicalOptionsValidator
{
    public static readonly IReadOnlyList<string> Kernels = ["linear", "poly", "rbf", "sigmoid"];

    /// <summary>The deepest tree any family grows.</summary>
    public const int MaxDepth = 64;

    public static void Check(ClassicalOptions options)
    {
        Require(options.C > 0 && double.IsFinite(options.C), $"C must be a positive number, not {options.C}.");
        Require(Kernels.Contains(options.Kernel), $"Unknown kernel '{options.Kernel}'. Known: {string.Join(", ", Kernels)}.");
        Require(options.Gamma is null || (options.Gamma > 0 && double.IsFinite(options.Gamma.Value)), $"Gamma must be positive (or omitted for 'scale'), not {options.Gamma}.");
        Require(options.Degree is >= 1 and <= 10, $"Degree must be 1..10, not {options.Degree}.");
        Require(double.IsFinite(options.Coef0), "Coef0 must be a finite number.");
        Require(options.Components is >= 1 and <= 4096, $"Components must be 1..4096, not {options.Components}.");
        Require(options.Estimators is null or (>= 1 and <= 5000), $"Estimators must be 1..5000, not {options.Estimators}.");
        Require(options.MaxDepth is null or (>= 1 and <= MaxDepth), $"Max depth must be 1..{MaxDepth}, not {options.MaxDepth}.");
        Require(options.RowSubsample is > 0 and <= 1, $"Row subsample must be in (0, 1], not {options.RowSubsample}.");
        Require(options.FeatureSubsample is null or (> 0 and <= 1), $"Feature subsample must be in (0, 1], not {options.FeatureSubsample}.");
        Require(options.KernelPcaFitSubset is >= 2 and <= 20_000, $"Kernel PCA fit subset must be 2..20000 images, not {options.KernelPcaFitSubset}.");
        Require(options.PreImageRidge > 0 && double.IsFinite(options.PreImageRidge), $"Pre-image ridge must be positive, not {options.PreImageRidge}.");
        Require(options.TreeFeatureSubsample is null or (> 0 and <= 1), $"Tree feature subsample must be in (0, 1], not {options.TreeFeatureSubsample}.");
        Require(options.MaskFraction is > 0 and <= 1, $"Mask fraction must be in (0, 1], not {options.MaskFraction}.");
        Require(WeakLearners.All.Contains(options.WeakLearner), $"Unknown weak learner '{options.WeakLearner}'. Known: {string.Join(", ", WeakLearners.All)}.");
        Require(ForestAlgorithms.All.Contains(options.ForestAlgorithm), $"Unknown forest algorithm '{options.ForestAlgorithm}'. Known: {string.Join(", ", ForestAlgorithms.All)}.");
        Require(BoostingAlgorithms.All.Contains(options.BoostingAlgorithm), $"Unknown boosting algorithm '{options.BoostingAlgorithm}'. Known: {string.Join(", ", BoostingAlgorithms.All)}.");
        Require(options.BoostingLearningRate > 0 && double.IsFinite(options.BoostingLearningRate), $"Boosting learning rate must be positive, not {options.BoostingLearningRate}.");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new EngineException(EngineErrorKind.InvalidRequest, message);
        }
    }
}
