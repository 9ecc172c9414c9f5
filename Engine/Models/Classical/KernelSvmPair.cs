namespace ExplainHub.Engine.Models.Classical;

/// <summary>One of the one-vs-one classifiers of a kernel SVC: a positive decision value votes for <see cref="Positive"/>, otherwise for <see cref="Negative"/>.</summary>
public sealed record KernelSvmPair(int Positive, int Negative);
