namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// A sample matrix column by column, each value replaced by the rank of its distinct value in that column (its level),
/// so a split search can count rows per level instead of sorting them. Levels keep every distinction the data makes
/// up to 65,536 distinct values per column: always for images with 8-bit sources (at most 256 levels a pixel) and for
/// any column of fewer than 65,536 training rows. A column with more distinct values is cut into 65,536 runs of
/// consecutive values (equal in row count), and its splits then fall between runs, as histogram-based trees' do.
/// </summary>
public sealed class QuantisedColumns
{
    /// <summary>The most levels a column keeps.</summary>
    public const int MaxLevels = ushort.MaxValue + 1;

    private readonly ushort[] codes;
    private readonly float[][] lowest;
    private readonly float[][] highest;

    private QuantisedColumns(SampleMatrix samples, int threads)
    {
        Count = samples.Count;
        Features = samples.Dimension;
        codes = new ushort[(long)Count * Features];
        lowest = new float[Features][];
        highest = new float[Features][];
        Parallel.For(0, Features, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, () => (new float[Count], new int[Count]), (feature, _, buffers) =>
        {
            var (keys, rows) = buffers;
            for (var i = 0; i < Count; i++)
            {
                keys[i] = samples.Values[((long)i * Features) + feature];
                rows[i] = i;
            }

            Array.Sort(keys, rows);
            var distinct = 1;
            for (var i = 1; i < Count; i++)
            {
                distinct += keys[i] != keys[i - 1] ? 1 : 0;
            }

            var levels = Math.Min(distinct, MaxLevels);
            var low = new float[levels];
            var high = new float[levels];
            var column = codes.AsSpan((int)((long)feature * Count), Count);
            var rank = 0;
            for (var i = 0; i < Count; i++)
            {
                rank += i > 0 && keys[i] != keys[i - 1] ? 1 : 0;
                var level = (int)((long)rank * levels / distinct);
                if (i == 0 || level != column[rows[i - 1]])
                {
                    low[level] = keys[i];
                }

                high[level] = keys[i];
                column[rows[i]] = (ushort)level;
            }

            lowest[feature] = low;
            highest[feature] = high;
            return buffers;
        }, _ => { });
    }

    public int Count { get; }

    public int Features { get; }

    public static QuantisedColumns For(SampleMatrix samples, int threads) => new(samples, threads);

    /// <summary>The levels of <paramref name="feature"/>, one per row.</summary>
    public ReadOnlySpan<ushort> Column(int feature) => codes.AsSpan((int)((long)feature * Count), Count);

    /// <summary>How many levels <paramref name="feature"/> has.</summary>
    public int Levels(int feature) => lowest[feature].Length;

    /// <summary>
    /// The threshold between two levels of a feature, both present in a node, with none between them in that node:
    /// the midpoint of the lower's largest value and the upper's smallest, or the lower value when the midpoint rounds
    /// up to the upper one (scikit-learn's rule), so "value ≤ threshold" sends exactly the lower levels left.
    /// </summary>
    public float Threshold(int feature, int lowerLevel, int upperLevel)
    {
        var lower = highest[feature][lowerLevel];
        var upper = lowest[feature][upperLevel];
        var t = (float)((lower + (double)upper) / 2);
        return t >= upper ? lower : t;
    }
}
