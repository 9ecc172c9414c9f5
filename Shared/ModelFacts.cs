namespace ExplainHub.Shared;

/// <summary>
/// What a classical model is made of, for its card and the CLI: support vectors (total and per class) of an SVC,
/// components and explained variance of a PCA, trees or boosting rounds, the network a hybrid is built on, and a
/// combined model's run (its classifier is <see cref="SourceModelId"/>).
/// Only the facts of the model's kind are set.
/// </summary>
public sealed record ModelFacts(
    int? SupportVectors = null,
    IReadOnlyList<int>? SupportVectorsPerClass = null,
    int? Components = null,
    double? ExplainedVariance = null,
    int? Trees = null,
    string? SourceModelId = null,
    PerturbationFacts? Perturbation = null);
