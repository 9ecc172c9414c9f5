namespace ExplainHub.Engine.Tests;

/// <summary>
/// Tests that count live native handles or set libtorch's global seed run one at a time, so a count never
/// sees another test's networks.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeCollection
{
    public const string Name = "native";
}
