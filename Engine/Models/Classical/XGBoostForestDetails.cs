using System.Globalization;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// model.json details of a random forest: the trees of each chunk booster (files forest-000.ubj, forest-001.ubj …
/// beside it, in order), the pixels each chunk was grown on (null: all) and the settings it was grown with.
/// </summary>
public sealed record XGBoostForestDetails(int[] ChunkTrees, int MaxDepth, double RowSubsample, double FeatureSubsample, int[][]? ChunkColumns = null)
{
    public static string ChunkFile(int chunk) => string.Create(CultureInfo.InvariantCulture, $"forest-{chunk:000}.ubj");
}
