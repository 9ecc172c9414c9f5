using System.Runtime.CompilerServices;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// For each feature of a sample matrix, its rows in ascending order of that feature (stable). The order does not
/// depend on sample weights, so every boosting round's tree reuses the one sort of its training set.
/// </summary>
public sealed class SortedColumns
{
    private static readonly ConditionalWeakTable<SampleMatrix, SortedColumns> Cache = [];

    private readonly int[] order;

    private SortedColumns(SampleMatrix samples, int threads)
    {
        Count = samples.Count;
        Features = samples.Dimension;
        order = new int[(long)Count * Features];
        Parallel.For(0, Features, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, () => new float[Count], (feature, _, keys) =>
        {
            var rows = order.AsSpan(feature * Count, Count);
            for (var i = 0; i < Count; i++)
            {
                keys[i] = samples.Values[((long)i * Features) + feature];
                rows[i] = i;
            }

            // Array.Sort is not stable; ties keep row order through the index as a second key.
            MemoryExtensions.Sort(keys.AsSpan(), rows, Comparer<float>.Default);
            StabiliseTies(keys, rows);
            return keys;
        }, _ => { });
    }

    public int Count { get; }

    public int Features { get; }

    /// <summary>The sorted columns of <paramref name="samples"/>, computed once per matrix.</summary>
    public static SortedColumns For(SampleMatrix samples, int threads) =>
        Cache.GetValue(samples, s => new SortedColumns(s, threads));

    public ReadOnlySpan<int> Rows(int feature) => order.AsSpan(feature * Count, Count);

    private static void StabiliseTies(float[] keys, Span<int> rows)
    {
        var start = 0;
        for (var i = 1; i <= keys.Length; i++)
        {
            if (i == keys.Length || keys[i] != keys[start])
            {
                if (i - start > 1)
                {
                    rows[start..i].Sort();
                }

                start = i;
            }
        }
    }
}
