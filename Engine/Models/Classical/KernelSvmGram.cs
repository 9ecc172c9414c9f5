using ExplainHub.Engine.Native;
using ExplainHub.Engine.Linalg;
using ExplainHub.Engine.Native.LibSvm;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// The Gram matrix of a training set, grouped by class, from which each one-vs-one pair problem is cut as a LIBSVM
/// precomputed problem. With the samples ordered by class, class c's block row K(X_c, X_c..X_last) covers every
/// pair (c, d ≥ c), so only the upper triangle is computed (about n²/2 float64 values, 100 MB for 5,000 samples).
/// <para>
/// One BLAS call per class block row, in float64, writes the dot products straight into the block (no block-sized
/// temporaries: fresh allocations and their page faults cost more than the GEMM here), and the kernel function is
/// applied there in place, with LIBSVM's formulas and order of operations (svm.cpp, Kernel::kernel_*), rbf as it
/// is computed while training: exp(−γ(|x_i|² + |x_j|² − 2 x_i·x_j)), so that the solver follows LIBSVM's own path.
/// </para>
/// </summary>
internal sealed class KernelSvmGram : IDisposable
{
    private readonly LibSvmClassGroups groups;

    /// <summary>Class position c's block row: Members[c].Length × (samples of positions c..last), row-major, in huge pages.</summary>
    private readonly LargeArray<double>[] blockRows;

    /// <summary>Offset of each class position among the samples ordered by class.</summary>
    private readonly int[] offsets;

    private KernelSvmGram(LibSvmClassGroups groups, LargeArray<double>[] blockRows, int[] offsets)
    {
        this.groups = groups;
        this.blockRows = blockRows;
        this.offsets = offsets;
    }

    public static KernelSvmGram Compute(SampleMatrix samples, KernelFunction kernel, LibSvmClassGroups groups, FitMonitor monitor)
    {
        var d = samples.Dimension;
        var n = samples.Count;
        var ordered = new double[(long)n * d];
        var offsets = new int[groups.Members.Length];
        var position = 0;
        for (var c = 0; c < groups.Members.Length; c++)
        {
            offsets[c] = position;
            foreach (var index in groups.Members[c])
            {
                var row = samples.Row(index);
                var target = ordered.AsSpan(position++ * d, d);
                for (var j = 0; j < d; j++)
                {
                    target[j] = row[j];
                }
            }
        }

        var squaredNorms = kernel.Kind == KernelKind.Rbf ? SquaredNorms(ordered, n, d) : [];
        var blockRows = new LargeArray<double>[groups.Members.Length];
        try
        {
            monitor.Step("kernel", 0, blockRows.Length);
            for (var c = 0; c < blockRows.Length; c++)
            {
                var first = offsets[c];
                var rows = groups.Members[c].Length;
                var columns = n - first;
                blockRows[c] = new LargeArray<double>((long)rows * columns);
                TorchLinearAlgebra.DotProductsInto(ordered.AsSpan(first * d, rows * d), rows, ordered.AsSpan(first * d), columns, d, blockRows[c].Span);
                Apply(kernel, blockRows[c], first, first, rows, columns, squaredNorms);
                monitor.Step("kernel", c + 1, blockRows.Length);
            }

            return new KernelSvmGram(groups, blockRows, offsets);
        }
        catch
        {
            foreach (var block in blockRows)
            {
                block?.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// Bytes the precomputed path needs at its peak: the block rows (float64) and a pair-problem workspace for each
    /// pair solved at once (<paramref name="pairsAtOnce"/>, at most one per pair), each sized for the largest pair (LIBSVM svm_nodes, 16 bytes each, m + 2 per row of
    /// a pair of m samples).
    /// </summary>
    public static long EstimateBytes(LibSvmClassGroups groups, int pairsAtOnce)
    {
        long total = groups.Members.Sum(m => (long)m.Length);
        long gram = 0;
        long before = 0;
        foreach (var members in groups.Members)
        {
            gram += members.Length * (total - before) * sizeof(double);
            before += members.Length;
        }

        long largest = LargestPairOf(groups);
        var workspaces = Math.Clamp(pairsAtOnce, 1, groups.Pairs.Count);
        return gram + (workspaces * largest * (largest + 2) * 16);
    }

    /// <summary>The most samples of any pair problem: what a workspace for <see cref="FillPairProblem"/> needs room for.</summary>
    public int LargestPair => LargestPairOf(groups);

    /// <summary>Makes <paramref name="problem"/> pair (i, j)'s precomputed problem: class position i's members (+1) then j's (−1), i &lt; j.</summary>
    public void FillPairProblem(int i, int j, LibSvmProblem problem)
    {
        var ni = groups.Members[i].Length;
        var nj = groups.Members[j].Length;
        var ri = blockRows[i].Span;
        var rj = blockRows[j].Span;
        var columnsI = ri.Length / ni;
        var columnsJ = rj.Length / nj;
        var jInRowI = offsets[j] - offsets[i];
        var labels = new int[ni + nj];
        labels.AsSpan(0, ni).Fill(1);
        labels.AsSpan(ni).Fill(-1);
        problem.Reset(labels);
        Span<double> values = new double[ni + nj];
        for (var a = 0; a < ni; a++)
        {
            ri.Slice(a * columnsI, ni).CopyTo(values);
            ri.Slice((a * columnsI) + jInRowI, nj).CopyTo(values[ni..]);
            problem.SetGramRow(a, values);
        }

        for (var b = 0; b < nj; b++)
        {
            // K(x_j,b, x_i,a) = K(x_i,a, x_j,b): class j's rows read class i's block row down a column.
            for (var a = 0; a < ni; a++)
            {
                values[a] = ri[(a * columnsI) + jInRowI + b];
            }

            rj.Slice(b * columnsJ, nj).CopyTo(values[ni..]);
            problem.SetGramRow(ni + b, values);
        }
    }

    private static int LargestPairOf(LibSvmClassGroups groups) =>
        groups.Pairs.Max(pair => groups.Members[pair.I].Length + groups.Members[pair.J].Length);

    public void Dispose()
    {
        foreach (var block in blockRows)
        {
            block.Dispose();
        }
    }

    /// <summary>Turns dot products (rows from <paramref name="firstRow"/>, columns from <paramref name="firstColumn"/>, in class order) into kernel values.</summary>
    private static void Apply(KernelFunction kernel, LargeArray<double> dots, int firstRow, int firstColumn, int rows, int columns, double[] squaredNorms)
    {
        if (kernel.Kind == KernelKind.Linear)
        {
            return;
        }

        Parallel.For(0, rows, r =>
        {
            var row = dots.Span.Slice(r * columns, columns);
            var gamma = kernel.Gamma;
            switch (kernel.Kind)
            {
                case KernelKind.Rbf:
                    var own = squaredNorms[firstRow + r];
                    var others = squaredNorms.AsSpan(firstColumn, columns);
                    for (var j = 0; j < columns; j++)
                    {
                        row[j] = Math.Exp(-gamma * Math.Max(0, own + others[j] - (2 * row[j])));
                    }

                    break;
                case KernelKind.Poly:
                    for (var j = 0; j < columns; j++)
                    {
                        row[j] = Math.Pow((gamma * row[j]) + kernel.Coef0, kernel.Degree);
                    }

                    break;
                case KernelKind.Sigmoid:
                    for (var j = 0; j < columns; j++)
                    {
                        row[j] = Math.Tanh((gamma * row[j]) + kernel.Coef0);
                    }

                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(kernel), kernel.Kind, "Unknown kernel.");
            }
        });
    }

    private static double[] SquaredNorms(double[] rows, int count, int dimension)
    {
        var norms = new double[count];
        for (var i = 0; i < count; i++)
        {
            double sum = 0;
            foreach (var v in rows.AsSpan(i * dimension, dimension))
            {
                sum += v * v;
            }

            norms[i] = sum;
        }

        return norms;
    }
}
