using System.Globalization;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// model.json details of a random forest: the trees of each chunk booster (files forest-000.ubj, forest-001.ubj …
/// beside it, in order) and the settings it was grown with, for the record.
/// </summary>
public sealed record RandomForestDetails(int[] ChunkTrees, int MaxDepth, double RowSubsample, double FeatureSubsample)
{
    public static string ChunkFile(int chunk) => string.Create(CultureInfo.InvariantCulture, $"forest-{chunk:000}.ubj");
}
