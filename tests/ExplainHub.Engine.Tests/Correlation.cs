namespace ExplainHub.Engine.Tests;

/// <summary>Pearson's correlation of two maps of the same length, the measure the explanation checks compare maps by.</summary>
internal static class Correlation
{
    public static double Pearson(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"maps of {a.Length} and {b.Length} values do not correlate");
        }

        double meanA = 0, meanB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            meanA += a[i] / (double)a.Length;
            meanB += b[i] / (double)b.Length;
        }

        double ab = 0, aa = 0, bb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            ab += (a[i] - meanA) * (b[i] - meanB);
            aa += (a[i] - meanA) * (a[i] - meanA);
            bb += (b[i] - meanB) * (b[i] - meanB);
        }

        return ab / Math.Sqrt(aa * bb);
    }
}
