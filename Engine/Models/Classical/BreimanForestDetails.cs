namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// model.json details of a Breiman random forest (its trees are in <see cref="TreesFile"/> beside it): how many trees,
/// their depth limit, the pixels drawn per split and the share of the rows each bootstrap draws.
/// </summary>
public sealed record BreimanForestDetails(int Trees, int MaxDepth, int MaxFeatures, double RowSubsample)
{
    public const string TreesFile = "forest.bin";
}
