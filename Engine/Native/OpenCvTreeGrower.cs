namespace ExplainHub.Engine.Native;

/// <summary>
/// The shape of a fitted classification tree, in pre-order (node 0 the root): node i sends a row left when
/// row[Feature[i]] ≤ Threshold[i]; a leaf has Feature −1 and children −1.
/// </summary>
public sealed record TreeStructure(int[] Feature, float[] Threshold, int[] Left, int[] Right)
{
    public int NodeCount => Feature.Length;
}

/// <summary>
/// Grows one weighted CART tree (binary splits, weighted Gini gain) whose splits OpenCV's DTrees finds, over
/// <c>threads</c> ranges of features at once (see tree_api.cpp).
/// </summary>
public static class OpenCvTreeGrower
{
    /// <summary>The deepest tree the bridge grows; 2^(depth+1) − 1 nodes are reserved for it.</summary>
    public const int MaxDepthLimit = 24;

    public static unsafe TreeStructure Fit(ReadOnlySpan<float> samples, int count, int features, ReadOnlySpan<int> labels,
        ReadOnlySpan<float> weights, int maxDepth, int minSamplesSplit, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDepth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDepth, MaxDepthLimit);
        if (count < 1 || features < 1 || samples.Length != (long)count * features || labels.Length != count || weights.Length != count)
        {
            throw new ArgumentException($"A tree over {count} rows of {features} features needs {(long)count * features} values, {count} labels and {count} weights; got {samples.Length}, {labels.Length} and {weights.Length}.");
        }

        // A binary tree of depth d has at most 2^(d+1) − 1 nodes, and at most 2·rows − 1.
        var capacity = (int)Math.Min((1L << (maxDepth + 1)) - 1, (2L * count) - 1);
        var feature = new int[capacity];
        var threshold = new float[capacity];
        var left = new int[capacity];
        var right = new int[capacity];
        int nodes;
        fixed (float* x = samples)
        fixed (int* y = labels)
        fixed (float* w = weights)
        fixed (int* f = feature)
        fixed (float* t = threshold)
        fixed (int* l = left)
        fixed (int* r = right)
        {
            NativeCall.Check(NativeMethods.TreeFit(x, count, features, y, w, maxDepth, minSamplesSplit, Math.Max(1, threads),
                capacity, out nodes, f, t, l, r));
        }

        return new TreeStructure(feature[..nodes], threshold[..nodes], left[..nodes], right[..nodes]);
    }
}
