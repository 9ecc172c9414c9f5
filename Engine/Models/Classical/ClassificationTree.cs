using System.Text.Json.Serialization;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// A weighted CART classification tree, as scikit-learn's DecisionTreeClassifier(max_depth=d) grows it: the shape
/// from <see cref="WeightedCartGrower"/> and, per node, the weighted class totals of the
/// training rows that reach it (scikit-learn's tree_.value). A leaf's probabilities are its class fractions.
/// </summary>
/// <param name="Feature">Per node: the pixel it splits on, −1 at a leaf.</param>
/// <param name="Threshold">Per node: rows with pixel ≤ threshold go left.</param>
/// <param name="Left">Per node: the left child, −1 at a leaf.</param>
/// <param name="Right">Per node: the right child, −1 at a leaf.</param>
/// <param name="ClassWeights">Nodes×Classes, row-major: the sample weight of each class at each node.</param>
/// <param name="Classes">Number of classes.</param>
public sealed record ClassificationTree(int[] Feature, float[] Threshold, int[] Left, int[] Right, double[] ClassWeights, int Classes)
{
    /// <summary>
    /// Grows a tree of depth <paramref name="maxDepth"/> on the weighted samples (any scale; zero weights are allowed)
    /// and fills in the class totals of its nodes.
    /// </summary>
    public static ClassificationTree Fit(SampleMatrix samples, ReadOnlySpan<double> weights, int maxDepth, int threads)
    {
        double sum = 0;
        foreach (var w in weights)
        {
            sum += w;
        }

        var scaled = new double[samples.Count];
        for (var i = 0; i < scaled.Length; i++)
        {
            scaled[i] = sum > 0 ? weights[i] * samples.Count / sum : 1;
        }

        var shape = WeightedCartGrower.Fit(samples, scaled, maxDepth, minSamplesSplit: 2, threads);
        var classWeights = new double[(long)shape.NodeCount * samples.Classes];
        var tree = new ClassificationTree(shape.Feature, shape.Threshold, shape.Left, shape.Right, classWeights, samples.Classes);
        for (var i = 0; i < samples.Count; i++)
        {
            var row = samples.Values.AsSpan(i * samples.Dimension, samples.Dimension);
            for (var node = 0; ; node = row[tree.Feature[node]] <= tree.Threshold[node] ? tree.Left[node] : tree.Right[node])
            {
                classWeights[(node * samples.Classes) + samples.Labels[i]] += weights[i];
                if (tree.Feature[node] < 0)
                {
                    break;
                }
            }
        }

        return tree;
    }

    [JsonIgnore]
    public int NodeCount => Feature.Length;

    /// <summary>The leaf a row ends in.</summary>
    public int Leaf(ReadOnlySpan<float> row)
    {
        var node = 0;
        while (Feature[node] >= 0)
        {
            node = row[Feature[node]] <= Threshold[node] ? Left[node] : Right[node];
        }

        return node;
    }

    /// <summary>The class fractions of a node's training weight; uniform where no weight reached it.</summary>
    public void Fractions(int node, Span<double> into)
    {
        var totals = ClassWeights.AsSpan(node * Classes, Classes);
        double sum = 0;
        foreach (var t in totals)
        {
            sum += t;
        }

        for (var c = 0; c < Classes; c++)
        {
            into[c] = sum > 0 ? totals[c] / sum : 1.0 / Classes;
        }
    }

    /// <summary>The leaf fractions of <paramref name="count"/> rows, count×Classes, into <paramref name="into"/>.</summary>
    public void Probabilities(ReadOnlySpan<float> rows, int count, Span<double> into)
    {
        var pixels = rows.Length / count;
        for (var i = 0; i < count; i++)
        {
            Fractions(Leaf(rows.Slice(i * pixels, pixels)), into.Slice(i * Classes, Classes));
        }
    }

    /// <summary>
    /// Weighted Gini decrease per pixel, summed over the splits on it and scaled to sum 1 (scikit-learn's
    /// feature_importances_ of one tree); zeros when the tree never split.
    /// </summary>
    public double[] Importance(int pixels)
    {
        var importance = new double[pixels];
        for (var node = 0; node < NodeCount; node++)
        {
            if (Feature[node] >= 0)
            {
                importance[Feature[node]] += WeightedImpurity(node) - WeightedImpurity(Left[node]) - WeightedImpurity(Right[node]);
            }
        }

        var total = importance.Sum();
        if (total > 0)
        {
            for (var j = 0; j < pixels; j++)
            {
                importance[j] /= total;
            }
        }

        return importance;
    }

    /// <summary>A node's weight times its Gini impurity 1 − Σ p_c².</summary>
    private double WeightedImpurity(int node)
    {
        var totals = ClassWeights.AsSpan(node * Classes, Classes);
        double sum = 0, squares = 0;
        foreach (var t in totals)
        {
            sum += t;
            squares += t * t;
        }

        return sum > 0 ? sum - (squares / sum) : 0;
    }

    /// <summary>Refuses a tree whose arrays disagree or point outside the image or the tree.</summary>
    internal static void Check(ClassificationTree tree, int pixels, int classes, string path)
    {
        // A JSON or binary file can leave any array out; the record's non-null types do not hold for what was read.
        int[]? feature = tree.Feature, left = tree.Left, right = tree.Right;
        float[]? threshold = tree.Threshold;
        double[]? classWeights = tree.ClassWeights;
        var nodes = feature?.Length ?? 0;
        if (feature is null || left is null || right is null || threshold is null || classWeights is null || nodes == 0
            || threshold.Length != nodes || left.Length != nodes || right.Length != nodes
            || classWeights.Length != (long)nodes * classes || tree.Classes != classes)
        {
            throw new InvalidDataException($"{path} holds a tree whose node arrays do not match ({nodes} nodes, {classes} classes).");
        }

        for (var node = 0; node < nodes; node++)
        {
            var split = feature[node] >= 0;
            if (feature[node] >= pixels
                || (split && (left[node] <= node || left[node] >= nodes || right[node] <= node || right[node] >= nodes)))
            {
                throw new InvalidDataException($"{path} holds a tree whose node {node} splits on pixel {feature[node]} of {pixels} or points outside the tree.");
            }
        }
    }
}
