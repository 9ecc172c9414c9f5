using ExplainHub.Shared;

namespace ExplainHub.Engine.Scores;

/// <summary>Means, standard errors (sample standard deviation / √n) and exclusion counts of a row's image scores.</summary>
public static class ScoreStatistics
{
    public static ScoreSummary Summarize(IReadOnlyList<ImageScore> scores)
    {
        var scg = scores.Where(s => s.Scg.HasValue).Select(s => s.Scg!.Value).ToArray();
        var ccg = scores.Where(s => s.Ccg.HasValue).Select(s => s.Ccg!.Value).ToArray();
        var growths = scores.Where(s => s.Ccg.HasValue).Select(s => (double)s.Growths!.Value).ToArray();
        int Count(ScoreExclusion reason) => scores.Count(s => s.Exclusion == reason);
        return new ScoreSummary(Mean(scg), StandardError(scg), scg.Length, Mean(ccg), StandardError(ccg), ccg.Length, Mean(growths),
            new ExclusionCounts(Count(ScoreExclusion.BaseNotLessInformative), Count(ScoreExclusion.HybridBelowBase),
                Count(ScoreExclusion.GrowthLimit), Count(ScoreExclusion.EmptyMask)));
    }

    private static double? Mean(double[] values) => values.Length == 0 ? null : values.Average();

    internal static double? StandardError(double[] values)
    {
        if (values.Length < 2)
        {
            return null;
        }

        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
        return Math.Sqrt(variance / values.Length);
    }
}
