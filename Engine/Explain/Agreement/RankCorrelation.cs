namespace ExplainHub.Engine.Explain.Agreement;

/// <summary>Spearman's rank correlation of two maps: Pearson's correlation of their ranks, ties given their mean rank.</summary>
public static class RankCorrelation
{
    /// <summary>In [−1, 1]; 0 when either map is constant (no ranking to agree with).</summary>
    public static double Spearman(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Maps of {a.Length} and {b.Length} values cannot be compared.", nameof(b));
        }

        var ra = Ranks(a);
        var rb = Ranks(b);
        var mean = (a.Length - 1) / 2.0;
        double ab = 0, aa = 0, bb = 0;
        for (var i = 0; i < ra.Length; i++)
        {
            var x = ra[i] - mean;
            var y = rb[i] - mean;
            ab += x * y;
            aa += x * x;
            bb += y * y;
        }

        return aa > 0 && bb > 0 ? Math.Clamp(ab / Math.Sqrt(aa * bb), -1, 1) : 0;
    }

    /// <summary>0-based ranks in ascending order of value, tied values sharing their mean rank.</summary>
    public static double[] Ranks(ReadOnlySpan<float> values)
    {
        var order = new int[values.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var keys = values.ToArray();
        Array.Sort(keys, order);
        var ranks = new double[values.Length];
        for (var start = 0; start < order.Length;)
        {
            var end = start + 1;
            while (end < order.Length && keys[end] == keys[start])
            {
                end++;
            }

            var rank = (start + end - 1) / 2.0;
            for (var k = start; k < end; k++)
            {
                ranks[order[k]] = rank;
            }

            start = end;
        }

        return ranks;
    }
}
