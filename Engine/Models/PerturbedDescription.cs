namespace ExplainHub.Engine.Models;

/// <summary>A combined model's parts: the classifier's architecture and the autoencoder's widths per level.</summary>
public sealed record PerturbedDescription(string ClassifierArchitecture, IReadOnlyList<long> Widths);
