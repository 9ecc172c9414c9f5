namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// Exact Shapley values of a classification tree's leaf class fractions (Lundberg, Erion and Lee 2018, "Consistent
/// individualized feature attribution for tree ensembles", Algorithm 2; Lundberg et al. 2020, "From local
/// explanations to global understanding with explainable AI for trees"): the quantity XGBoost's pred_contribs gives
/// for its trees, here for trees whose leaves hold a probability per class. The "absent feature" expectation weighs
/// each child by its share of the parent's training weight (cover), so a tree's bias is its root's class fractions
/// and bias plus contributions equals the tree's output for the row.
/// </summary>
internal sealed class TreeShap
{
    private readonly int classes;
    private readonly int maxDepth;

    // The unique-path stack: level d holds a path of up to d + 1 elements (one slab per recursion depth).
    private readonly int[] pathFeature;
    private readonly double[] pathZero;
    private readonly double[] pathOne;
    private readonly double[] pathWeight;

    public TreeShap(int classes, int maxDepth)
    {
        this.classes = classes;
        this.maxDepth = maxDepth;
        var slab = maxDepth + 2;
        pathFeature = new int[slab * (slab + 1)];
        pathZero = new double[pathFeature.Length];
        pathOne = new double[pathFeature.Length];
        pathWeight = new double[pathFeature.Length];
    }

    /// <summary>
    /// Adds <paramref name="scale"/> × the tree's contributions for <paramref name="row"/> into
    /// <paramref name="into"/> (features × classes, feature-major) and <paramref name="scale"/> × its root fractions into
    /// <paramref name="bias"/>.
    /// </summary>
    public void Add(ClassificationTree tree, double[] leafFractions, double[] cover, ReadOnlySpan<float> row, double scale, Span<double> into, Span<double> bias)
    {
        for (var c = 0; c < classes; c++)
        {
            bias[c] += scale * leafFractions[c];
        }

        Recurse(tree, leafFractions, cover, row, scale, into, node: 0, depth: 0, parentPath: 0, zero: 1, one: 1, feature: -1);
    }

    private void Recurse(ClassificationTree tree, double[] fractions, double[] cover, ReadOnlySpan<float> row, double scale,
        Span<double> into, int node, int depth, int parentPath, double zero, double one, int feature)
    {
        if (depth > maxDepth + 1)
        {
            throw new InvalidOperationException($"A tree deeper than {maxDepth} reached TreeSHAP.");
        }

        // This level's path: a copy of the parent's, extended by the feature that led here.
        var path = parentPath + depth + 1;
        if (depth > 0)
        {
            Array.Copy(pathFeature, parentPath, pathFeature, path, depth);
            Array.Copy(pathZero, parentPath, pathZero, path, depth);
            Array.Copy(pathOne, parentPath, pathOne, path, depth);
            Array.Copy(pathWeight, parentPath, pathWeight, path, depth);
        }
        else
        {
            path = 0;
        }

        Extend(path, depth, zero, one, feature);
        var split = tree.Feature[node];
        if (split < 0)
        {
            for (var i = 1; i <= depth; i++)
            {
                var w = UnwoundSum(path, depth, i) * (pathOne[path + i] - pathZero[path + i]) * scale;
                var target = into.Slice(pathFeature[path + i] * classes, classes);
                var leaf = fractions.AsSpan(node * classes, classes);
                for (var c = 0; c < classes; c++)
                {
                    target[c] += w * leaf[c];
                }
            }

            return;
        }

        var goesLeft = row[split] <= tree.Threshold[node];
        var hot = goesLeft ? tree.Left[node] : tree.Right[node];
        var cold = goesLeft ? tree.Right[node] : tree.Left[node];
        double incomingZero = 1, incomingOne = 1;
        var unique = depth;

        // A feature met again on the way down is taken off the path and put back with this split's fractions.
        var k = 0;
        while (k <= unique && pathFeature[path + k] != split)
        {
            k++;
        }

        if (k <= unique)
        {
            incomingZero = pathZero[path + k];
            incomingOne = pathOne[path + k];
            Unwind(path, unique, k);
            unique--;
        }

        var nodeCover = cover[node];
        Recurse(tree, fractions, cover, row, scale, into, hot, unique + 1, path, cover[hot] / nodeCover * incomingZero, incomingOne, split);
        Recurse(tree, fractions, cover, row, scale, into, cold, unique + 1, path, cover[cold] / nodeCover * incomingZero, 0, split);
    }

    private void Extend(int path, int depth, double zero, double one, int feature)
    {
        pathFeature[path + depth] = feature;
        pathZero[path + depth] = zero;
        pathOne[path + depth] = one;
        pathWeight[path + depth] = depth == 0 ? 1 : 0;
        for (var i = depth - 1; i >= 0; i--)
        {
            pathWeight[path + i + 1] += one * pathWeight[path + i] * (i + 1) / (depth + 1);
            pathWeight[path + i] = zero * pathWeight[path + i] * (depth - i) / (depth + 1);
        }
    }

    private void Unwind(int path, int depth, int index)
    {
        var one = pathOne[path + index];
        var zero = pathZero[path + index];
        var next = pathWeight[path + depth];
        for (var i = depth - 1; i >= 0; i--)
        {
            if (one != 0)
            {
                var kept = pathWeight[path + i];
                pathWeight[path + i] = next * (depth + 1) / ((i + 1) * one);
                next = kept - (pathWeight[path + i] * zero * (depth - i) / (depth + 1));
            }
            else
            {
                pathWeight[path + i] = pathWeight[path + i] * (depth + 1) / (zero * (depth - i));
            }
        }

        for (var i = index; i < depth; i++)
        {
            pathFeature[path + i] = pathFeature[path + i + 1];
            pathZero[path + i] = pathZero[path + i + 1];
            pathOne[path + i] = pathOne[path + i + 1];
        }
    }

    private double UnwoundSum(int path, int depth, int index)
    {
        var one = pathOne[path + index];
        var zero = pathZero[path + index];
        var next = pathWeight[path + depth];
        double total = 0;
        for (var i = depth - 1; i >= 0; i--)
        {
            if (one != 0)
            {
                var share = next * (depth + 1) / ((i + 1) * one);
                total += share;
                next = pathWeight[path + i] - (share * zero * (depth - i) / (depth + 1));
            }
            else if (zero != 0)
            {
                total += pathWeight[path + i] / zero / ((double)(depth - i) / (depth + 1));
            }
        }

        return total;
    }
}
