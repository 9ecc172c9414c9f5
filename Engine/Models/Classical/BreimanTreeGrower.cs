namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// Grows one tree of a Breiman random forest (Breiman 2001, "Random forests") the way scikit-learn's
/// RandomForestClassifier grows its trees (its DecisionTreeClassifier, best splitter, depth first): the bootstrap
/// sample enters as per-row weights (a row drawn k times weighs k, a row never drawn is left out), and at each node a fresh random draw of
/// <c>maxFeatures</c> features (without replacement; constant ones count as drawn, and the draw goes on until it has
/// met at least one that is not) is searched exhaustively for the split with the largest weighted Gini proxy
/// Σ_c L_c²/W_L + Σ_c R_c²/W_R. A node is a leaf at the depth limit, below <c>minSamplesSplit</c> distinct rows, when
/// its Gini impurity is at most double ε, or when every drawn feature is constant in it. Thresholds are midpoints of
/// adjacent values, ties go to the first candidate in draw order, then the lowest threshold (as scikit-learn).
/// </summary>
/// <remarks>
/// Why ours and not a library's: OpenCV's ml::RTrees (DESIGN §5) was measured first — 1.6–1.9× scikit-learn's fit time
/// on Fashion-MNIST even with one forest per core, and leaves that keep only their majority class (no predict_proba);
/// XGBoost's random-forest mode (and, by its documentation, LightGBM's) is a histogram gradient booster, not Breiman's
/// forest (issue 12). The split search counts rows per level of
/// <see cref="QuantisedColumns"/> when a node has many rows for its feature's levels, and sorts them when it has few,
/// so no node pays for more than it holds.
/// </remarks>
internal sealed class BreimanTreeGrower
{
    // numpy's finfo(float64).eps: scikit-learn's EPSILON, below which a node's impurity counts as pure.
    private const double Epsilon = 2.220446049250313e-16;

    // A node counts rows per level when it has at least a quarter as many rows as the feature has levels, else sorts
    // them (measured on Fashion-MNIST: counting clears and scans all 256 levels, which small nodes do not repay).
    private const int CountingShare = 4;

    private readonly QuantisedColumns columns;
    private readonly int[] labels;
    private readonly int classes;
    private readonly int maxDepth;
    private readonly int minSamplesSplit;
    private readonly int maxFeatures;

    // Per grower (one per thread), reused by every node.
    private readonly double[] histogram;
    private readonly double[] levelWeight;
    private readonly int[] levelRows;
    private readonly double[] left;
    private readonly int[] featureOrder;
    private ushort[] sortKeys = [];
    private int[] sortRows = [];
    private int[] partitionBuffer = [];
    private double nodeWeight;

    public BreimanTreeGrower(QuantisedColumns columns, int[] labels, int classes, int maxDepth, int minSamplesSplit, int maxFeatures)
    {
        this.columns = columns;
        this.labels = labels;
        this.classes = classes;
        this.maxDepth = maxDepth;
        this.minSamplesSplit = minSamplesSplit;
        this.maxFeatures = maxFeatures;
        var levels = Enumerable.Range(0, columns.Features).Max(columns.Levels);
        histogram = new double[levels * classes];
        levelWeight = new double[levels];
        levelRows = new int[levels];
        left = new double[classes];
        featureOrder = new int[columns.Features];
    }

    /// <summary>
    /// Grows a tree on the rows with a positive <paramref name="weights"/> entry, weighted by it (a bootstrap count, or
    /// a boosting weight); rows of weight 0 are left out altogether, as scikit-learn's splitter leaves them out, so they
    /// neither place thresholds nor count as rows of a node.
    /// </summary>
    public ClassificationTree Grow(double[] weights, Random random, CancellationToken cancellation)
    {
        var rows = new List<int>(weights.Length);
        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i] > 0)
            {
                rows.Add(i);
            }
        }

        var order = rows.ToArray();
        if (partitionBuffer.Length < order.Length)
        {
            partitionBuffer = new int[order.Length];
        }

        var feature = new List<int>();
        var threshold = new List<float>();
        var leftChild = new List<int>();
        var rightChild = new List<int>();
        var classWeights = new List<double>();
        var stack = new Stack<(int Start, int End, int Depth, int Parent, bool IsLeft)>();
        stack.Push((0, order.Length, 0, -1, false));
        var totals = new double[classes];
        while (stack.Count > 0)
        {
            var (start, end, depth, parent, isLeft) = stack.Pop();
            var node = feature.Count;
            if (parent >= 0)
            {
                (isLeft ? leftChild : rightChild)[parent] = node;
            }

            if ((node & 255) == 0)
            {
                cancellation.ThrowIfCancellationRequested();
            }

            var segment = order.AsSpan(start, end - start);
            Array.Clear(totals);
            foreach (var row in segment)
            {
                totals[labels[row]] += weights[row];
            }

            feature.Add(-1);
            threshold.Add(0);
            leftChild.Add(-1);
            rightChild.Add(-1);
            classWeights.AddRange(totals);
            if (depth >= maxDepth || segment.Length < minSamplesSplit || Gini(totals) <= Epsilon)
            {
                continue;
            }

            var split = BestSplit(segment, weights, totals, random);
            if (split.Feature < 0)
            {
                continue;
            }

            feature[node] = split.Feature;
            threshold[node] = split.Threshold;
            var leftCount = Partition(segment, split.Feature, split.Level);
            stack.Push((start + leftCount, end, depth + 1, node, false));
            stack.Push((start, start + leftCount, depth + 1, node, true));
        }

        return new ClassificationTree([.. feature], [.. threshold], [.. leftChild], [.. rightChild], [.. classWeights], classes);
    }

    private readonly record struct Split(double Proxy, int Feature, int Level, float Threshold)
    {
        public static readonly Split None = new(double.NegativeInfinity, -1, 0, 0);
    }

    private Split BestSplit(ReadOnlySpan<int> rows, double[] weights, double[] totals, Random random)
    {
        var best = Split.None;
        nodeWeight = totals.Sum();
        var features = featureOrder.Length;
        for (var f = 0; f < features; f++)
        {
            featureOrder[f] = f;
        }

        var visited = 0;
        var constant = 0;
        for (var drawn = 0; drawn < features && (visited < maxFeatures || visited <= constant); drawn++)
        {
            var pick = drawn + random.Next(features - drawn);
            (featureOrder[drawn], featureOrder[pick]) = (featureOrder[pick], featureOrder[drawn]);
            var feature = featureOrder[drawn];
            visited++;
            var found = rows.Length >= columns.Levels(feature) / CountingShare
                ? SearchByCounting(rows, weights, totals, feature, best)
                : SearchBySorting(rows, weights, totals, feature, best);
            if (found is null)
            {
                constant++;
            }
            else
            {
                best = found.Value;
            }
        }

        return best;
    }

    // Weighted class sums per level of the feature, then one pass over the levels; null when the feature is constant here.
    private Split? SearchByCounting(ReadOnlySpan<int> rows, double[] weights, double[] totals, int feature, Split best)
    {
        var levels = columns.Levels(feature);
        var column = columns.Column(feature);
        Array.Clear(histogram, 0, levels * classes);
        Array.Clear(levelWeight, 0, levels);
        Array.Clear(levelRows, 0, levels);
        foreach (var row in rows)
        {
            int level = column[row];
            histogram[(level * classes) + labels[row]] += weights[row];
            levelWeight[level] += weights[row];
            levelRows[level]++;
        }

        Array.Clear(left);
        double leftWeight = 0;
        var previous = -1;
        var distinct = 0;
        for (var level = 0; level < levels; level++)
        {
            if (levelRows[level] == 0)
            {
                continue;
            }

            distinct++;
            if (previous >= 0)
            {
                var proxy = Proxy(totals, leftWeight);
                if (proxy > best.Proxy)
                {
                    best = new Split(proxy, feature, previous, columns.Threshold(feature, previous, level));
                }
            }

            var counted = histogram.AsSpan(level * classes, classes);
            for (var c = 0; c < classes; c++)
            {
                left[c] += counted[c];
            }

            leftWeight += levelWeight[level];
            previous = level;
        }

        return distinct > 1 ? best : null;
    }

    // The node's rows in level order, then one pass over them; null when the feature is constant here.
    private Split? SearchBySorting(ReadOnlySpan<int> rows, double[] weights, double[] totals, int feature, Split best)
    {
        if (sortKeys.Length < rows.Length)
        {
            sortKeys = new ushort[Math.Max(rows.Length, 64)];
            sortRows = new int[sortKeys.Length];
        }

        var column = columns.Column(feature);
        var keys = sortKeys.AsSpan(0, rows.Length);
        var sorted = sortRows.AsSpan(0, rows.Length);
        for (var i = 0; i < rows.Length; i++)
        {
            keys[i] = column[rows[i]];
            sorted[i] = rows[i];
        }

        InsertionSort(keys, sorted);
        if (keys[0] == keys[^1])
        {
            return null;
        }

        Array.Clear(left);
        double leftWeight = 0;
        for (var i = 0; i < keys.Length; i++)
        {
            if (i > 0 && keys[i] != keys[i - 1])
            {
                var proxy = Proxy(totals, leftWeight);
                if (proxy > best.Proxy)
                {
                    best = new Split(proxy, feature, keys[i - 1], columns.Threshold(feature, keys[i - 1], keys[i]));
                }
            }

            left[labels[sorted[i]]] += weights[sorted[i]];
            leftWeight += weights[sorted[i]];
        }

        return best;
    }

    // Sorting is only asked of nodes with fewer rows than a quarter of the feature's levels (under 64 for 8-bit
    // pixels), where insertion sort is quickest; stable, so equal levels keep their row order.
    private static void InsertionSort(Span<ushort> keys, Span<int> rows)
    {
        for (var i = 1; i < keys.Length; i++)
        {
            var key = keys[i];
            var row = rows[i];
            var j = i - 1;
            while (j >= 0 && keys[j] > key)
            {
                keys[j + 1] = keys[j];
                rows[j + 1] = rows[j];
                j--;
            }

            keys[j + 1] = key;
            rows[j + 1] = row;
        }
    }

    // Σ_c L_c²/W_L + Σ_c R_c²/W_R (scikit-learn's proxy_impurity_improvement plus the node's weight, which all its candidates share).
    private double Proxy(double[] totals, double leftWeight)
    {
        var rightWeight = nodeWeight - leftWeight;
        if (leftWeight <= 0 || rightWeight <= 0)
        {
            // Boosting-like weights can leave a side whose weight rounds away: no split.
            return double.NegativeInfinity;
        }

        double l = 0, r = 0;
        for (var c = 0; c < classes; c++)
        {
            var right = totals[c] - left[c];
            l += left[c] * left[c];
            r += right * right;
        }

        return (l / leftWeight) + (r / rightWeight);
    }

    // Rows at or below the level first, each side in its former order (so a column is read forwards); returns the left count.
    private int Partition(Span<int> rows, int feature, int level)
    {
        var column = columns.Column(feature);
        var leftCount = 0;
        var rightCount = 0;
        foreach (var row in rows)
        {
            if (column[row] <= level)
            {
                rows[leftCount++] = row;
            }
            else
            {
                partitionBuffer[rightCount++] = row;
            }
        }

        partitionBuffer.AsSpan(0, rightCount).CopyTo(rows[leftCount..]);
        return leftCount;
    }

    private static double Gini(double[] totals)
    {
        double sum = 0, squares = 0;
        foreach (var t in totals)
        {
            sum += t;
            squares += t * t;
        }

        return sum > 0 ? 1 - (squares / (sum * sum)) : 0;
    }
}
