namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// Grows one weighted CART classification tree as scikit-learn's DecisionTreeClassifier(max_depth=d) does with its
/// defaults (best splitter over all features, Gini, min_samples_leaf 1, min_impurity_decrease 0): binary splits
/// "x[f] ≤ t goes left" at the midpoint of two adjacent distinct values, chosen by the largest weighted Gini proxy
/// Σ_c L_c²/W_L + Σ_c R_c²/W_R (Breiman et al. 1984; scikit-learn's proxy_impurity_improvement); a node is a leaf at
/// the depth limit, below min_samples_split rows, when its impurity is at most double ε, or when no feature takes two
/// values in it. Ties between features go to the lower index, so the tree does not depend on the thread count.
/// </summary>
/// <remarks>
/// Why not OpenCV's DTrees, as the engine used before: OpenCvSharp 4.13 exposes no TrainData.create, so no sample
/// weights reach DTrees, and a boosting round's weak learner is nothing without them. The search is level by level
/// over presorted columns (<see cref="SortedColumns"/>): one pass over each feature's sorted rows per depth serves
/// every node of that depth, features shared out over the threads. The proxy is evaluated from sums that only grow
/// (R_c = T_c − L_c), never from a running Σ R_c² kept by subtraction, whose rounding error once made a split that cut
/// off rows of weight 1e-17 look best.
/// </remarks>
public static class WeightedCartGrower
{
    /// <summary>The deepest tree grown.</summary>
    public const int MaxDepthLimit = 24;

    // numpy's finfo(float64).eps: scikit-learn's EPSILON, below which a node's impurity counts as pure.
    private const double Epsilon = 2.220446049250313e-16;

    public static TreeStructure Fit(SampleMatrix samples, ReadOnlySpan<double> weights, int maxDepth, int minSamplesSplit, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDepth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDepth, MaxDepthLimit);
        ArgumentOutOfRangeException.ThrowIfLessThan(minSamplesSplit, 2);
        if (weights.Length != samples.Count)
        {
            throw new ArgumentException($"A tree over {samples.Count} rows needs {samples.Count} weights, not {weights.Length}.", nameof(weights));
        }

        foreach (var w in weights)
        {
            if (!(w >= 0) || !double.IsFinite(w))
            {
                throw new ArgumentException("Weights must be finite and not negative.", nameof(weights));
            }
        }

        var growth = new Growth(samples, weights.ToArray(), maxDepth, minSamplesSplit, Math.Max(1, threads));
        return growth.Run();
    }

    private sealed class Node(int depth, int rows, double[] totals)
    {
        public int Depth { get; } = depth;

        public int Rows { get; } = rows;

        public double[] Totals { get; } = totals;

        public double Weight { get; } = totals.Sum();

        public int Feature { get; set; } = -1;

        public float Threshold { get; set; }

        public int Left { get; set; } = -1;

        public int Right { get; set; } = -1;

        public double Impurity()
        {
            if (Weight <= 0)
            {
                return 0;
            }

            double squares = 0;
            foreach (var t in Totals)
            {
                squares += t * t;
            }

            return 1 - (squares / (Weight * Weight));
        }
    }

    private readonly record struct Candidate(double Proxy, int Feature, float Threshold)
    {
        public static readonly Candidate None = new(double.NegativeInfinity, -1, 0);

        // Only real splits are candidates; an equal proxy goes to the lower feature, whatever thread found it.
        public bool Beats(Candidate other) => Proxy > other.Proxy || (Proxy == other.Proxy && Feature < other.Feature);
    }

    private sealed class Growth(SampleMatrix samples, double[] weights, int maxDepth, int minSamplesSplit, int threads)
    {
        private readonly List<Node> nodes = [];
        private readonly int[] nodeOf = new int[samples.Count];
        private readonly int classes = samples.Classes;

        public TreeStructure Run()
        {
            var totals = new double[classes];
            for (var i = 0; i < samples.Count; i++)
            {
                totals[samples.Labels[i]] += weights[i];
            }

            nodes.Add(new Node(0, samples.Count, totals));
            var level = new List<int> { 0 };
            SortedColumns? columns = null;
            while (level.Count > 0)
            {
                var open = level.Where(Splittable).ToArray();
                if (open.Length == 0)
                {
                    break;
                }

                columns ??= SortedColumns.For(samples, threads);
                var best = BestSplits(columns, open);
                level = Split(open, best);
            }

            return PreOrder();
        }

        private bool Splittable(int index)
        {
            var node = nodes[index];
            return node.Depth < maxDepth && node.Rows >= minSamplesSplit && node.Impurity() > Epsilon;
        }

        // One pass over every feature's sorted rows: each open node accumulates its left side as its rows go by.
        private Candidate[] BestSplits(SortedColumns columns, int[] open)
        {
            var slotOf = new int[nodes.Count];
            Array.Fill(slotOf, -1);
            for (var s = 0; s < open.Length; s++)
            {
                slotOf[open[s]] = s;
            }

            var best = Enumerable.Repeat(Candidate.None, open.Length).ToArray();
            var gate = new Lock();
            var parts = Math.Min(threads, samples.Dimension);
            Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
            {
                var found = Enumerable.Repeat(Candidate.None, open.Length).ToArray();
                var left = new double[open.Length * classes];
                var leftWeight = new double[open.Length];
                var leftRows = new int[open.Length];
                var last = new float[open.Length];
                var first = samples.Dimension * part / parts;
                var end = samples.Dimension * (part + 1) / parts;
                for (var feature = first; feature < end; feature++)
                {
                    Array.Clear(left);
                    Array.Clear(leftWeight);
                    Array.Clear(leftRows);
                    foreach (var row in columns.Rows(feature))
                    {
                        var s = slotOf[nodeOf[row]];
                        if (s < 0)
                        {
                            continue;
                        }

                        var value = samples.Values[((long)row * samples.Dimension) + feature];
                        if (leftRows[s] > 0 && value > last[s]
                            && Proxy(nodes[open[s]], left.AsSpan(s * classes, classes), leftWeight[s]) is var proxy && double.IsFinite(proxy))
                        {
                            var candidate = new Candidate(proxy, feature, Midpoint(last[s], value));
                            if (candidate.Beats(found[s]))
                            {
                                found[s] = candidate;
                            }
                        }

                        left[(s * classes) + samples.Labels[row]] += weights[row];
                        leftWeight[s] += weights[row];
                        leftRows[s]++;
                        last[s] = value;
                    }
                }

                lock (gate)
                {
                    for (var s = 0; s < open.Length; s++)
                    {
                        if (found[s].Beats(best[s]))
                        {
                            best[s] = found[s];
                        }
                    }
                }
            });
            return best;
        }

        // Σ_c L_c²/W_L + Σ_c R_c²/W_R; a side without weight is no split (−∞).
        private double Proxy(Node node, ReadOnlySpan<double> left, double leftWeight)
        {
            var rightWeight = node.Weight - leftWeight;
            if (leftWeight <= 0 || rightWeight <= 0)
            {
                return double.NegativeInfinity;
            }

            double l = 0, r = 0;
            for (var c = 0; c < classes; c++)
            {
                var right = node.Totals[c] - left[c];
                l += left[c] * left[c];
                r += right * right;
            }

            return (l / leftWeight) + (r / rightWeight);
        }

        // scikit-learn's threshold: the midpoint, or the lower value when the midpoint rounds up to the upper one.
        private static float Midpoint(float lower, float upper)
        {
            var t = (float)((lower + (double)upper) / 2);
            return t >= upper ? lower : t;
        }

        // Gives each split node two children (pre-sized from one pass over the rows) and moves its rows to them.
        private List<int> Split(int[] open, Candidate[] best)
        {
            var slotOf = new int[nodes.Count];
            Array.Fill(slotOf, -1);
            for (var s = 0; s < open.Length; s++)
            {
                if (best[s].Feature >= 0)
                {
                    slotOf[open[s]] = s;
                    nodes[open[s]].Feature = best[s].Feature;
                    nodes[open[s]].Threshold = best[s].Threshold;
                }
            }

            // Child 2s is slot s's left, 2s + 1 its right.
            var side = new int[samples.Count];
            var rows = new int[2 * open.Length];
            var totals = new double[2 * open.Length * classes];
            for (var i = 0; i < samples.Count; i++)
            {
                var s = slotOf[nodeOf[i]];
                side[i] = -1;
                if (s < 0)
                {
                    continue;
                }

                var node = nodes[nodeOf[i]];
                var child = (2 * s) + (samples.Values[((long)i * samples.Dimension) + node.Feature] <= node.Threshold ? 0 : 1);
                side[i] = child;
                rows[child]++;
                totals[(child * classes) + samples.Labels[i]] += weights[i];
            }

            var next = new List<int>();
            var id = new int[2 * open.Length];
            for (var s = 0; s < open.Length; s++)
            {
                if (best[s].Feature < 0)
                {
                    continue;
                }

                var parent = nodes[open[s]];
                for (var child = 2 * s; child <= (2 * s) + 1; child++)
                {
                    id[child] = nodes.Count;
                    next.Add(nodes.Count);
                    nodes.Add(new Node(parent.Depth + 1, rows[child], totals.AsSpan(child * classes, classes).ToArray()));
                }

                parent.Left = id[2 * s];
                parent.Right = id[(2 * s) + 1];
            }

            for (var i = 0; i < samples.Count; i++)
            {
                if (side[i] >= 0)
                {
                    nodeOf[i] = id[side[i]];
                }
            }

            return next;
        }

        private TreeStructure PreOrder()
        {
            var order = new List<int>(nodes.Count);
            var stack = new Stack<int>();
            stack.Push(0);
            while (stack.Count > 0)
            {
                var n = stack.Pop();
                order.Add(n);
                if (nodes[n].Feature >= 0)
                {
                    stack.Push(nodes[n].Right);
                    stack.Push(nodes[n].Left);
                }
            }

            var position = new int[nodes.Count];
            for (var i = 0; i < order.Count; i++)
            {
                position[order[i]] = i;
            }

            var feature = new int[order.Count];
            var threshold = new float[order.Count];
            var left = new int[order.Count];
            var right = new int[order.Count];
            for (var i = 0; i < order.Count; i++)
            {
                var node = nodes[order[i]];
                feature[i] = node.Feature;
                threshold[i] = node.Feature >= 0 ? node.Threshold : 0;
                left[i] = node.Feature >= 0 ? position[node.Left] : -1;
                right[i] = node.Feature >= 0 ? position[node.Right] : -1;
            }

            return new TreeStructure(feature, threshold, left, right);
        }
    }
}
