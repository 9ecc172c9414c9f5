using ExplainHub.Engine.Native;
using ExplainHub.Engine.Native.LibSvm;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// The Gram matrix of a training set, grouped by class, from which each one-vs-one pair problem is cut as a LIBSVM
/// precomputed problem. With the samples ordered by class, class c's block row K(X_c, X_c..X_last) covers every
/// pair (c, d ≥ c), so only the upper triangle is computed (about n²/2 float64 values, 100 MB for 5,000 samples).
/// <para>
/// BLAS computes the dot products in float64; the kernel function is applied here in place, because applying it in
/// libtorch would allocate and sweep several block-sized temporaries (norms broadcast, scale, clamp, exp), which on
/// these machines cost more than the dot products. The formulas are LIBSVM's (svm.cpp, Kernel::kernel_*), rbf as
/// it is computed while training: exp(−γ(|x_i|² + |x_j|² − 2 x_i·x_j)).
/// </para>
/// </summary>
internal sealed class KernelSvmGram
{
    private readonly LibSvmClassGroups groups;

    /// <summary>Class position c's block row: Members[c].Length × (samples of positions c..last), row-major.</summary>
    private readonly double[][] blockRows;

    /// <summary>Offset of each class position among the samples ordered by class.</summary>
    private readonly int[] offsets;

    private KernelSvmGram(LibSvmClassGroups groups, double[][] blockRows, int[] offsets)
    {
        this.groups = groups;
        this.blockRows = blockRows;
        this.offsets = offsets;
    }

    public static KernelSvmGram Compute(SampleMatrix samples, KernelFunction kernel, LibSvmClassGroups groups, int blockValues, FitMonitor monitor)
    {
        var d = samples.Dimension;
        var n = samples.Count;
        var ordered = new float[(long)n * d];
        var offsets = new int[groups.Members.Length];
        var position = 0;
        for (var c = 0; c < groups.Members.Length; c++)
        {
            offsets[c] = position;
            foreach (var index in groups.Members[c])
            {
                samples.Row(index).CopyTo(ordered.AsSpan(position++ * d, d));
            }
        }

        var squaredNorms = kernel.Kind == KernelKind.Rbf ? SquaredNorms(ordered, n, d) : [];
        var dotProduct = new KernelFunction(KernelKind.Linear, 1);
        var blockRows = new double[groups.Members.Length][];
        monitor.Step("kernel", 0, blockRows.Length);
        for (var c = 0; c < blockRows.Length; c++)
        {
            var first = offsets[c];
            var rows = groups.Members[c].Length;
            var columns = n - first;
            // Large classes are cut into chunks so that libtorch's temporaries stay small; a class that fits in one
            // chunk keeps libtorch's result as its block row, without a copy.
            var height = Math.Clamp(blockValues / columns, 1, rows);
            var block = height < rows ? new double[(long)rows * columns] : null;
            for (var r = 0; r < rows; r += height)
            {
                var count = Math.Min(height, rows - r);
                var dots = TorchLinearAlgebra.Kernel(dotProduct, ordered.AsSpan((first + r) * d, count * d), count,
                    ordered.AsSpan(first * d), columns, d);
                Apply(kernel, dots, first + r, first, count, columns, squaredNorms);
                if (block is null)
                {
                    block = dots;
                }
                else
                {
                    dots.CopyTo(block.AsSpan(r * columns, count * columns));
                }
            }

            blockRows[c] = block!;
            monitor.Step("kernel", c + 1, blockRows.Length);
        }

        return new KernelSvmGram(groups, blockRows, offsets);
    }

    /// <summary>
    /// Bytes the precomputed path needs at its peak: the block rows (float64) and the <paramref name="pairsAtOnce"/>
    /// largest pair problems (LIBSVM svm_nodes, 16 bytes each, m + 2 per row of a pair of m samples).
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

        var pairs = groups.Pairs
            .Select(pair => (long)(groups.Members[pair.I].Length + groups.Members[pair.J].Length))
            .Select(m => m * (m + 2) * 16)
            .OrderDescending()
            .Take(Math.Max(1, pairsAtOnce))
            .Sum();
        return gram + pairs;
    }

    /// <summary>Pair (i, j)'s precomputed problem: class position i's members (+1) then j's (−1), i &lt; j.</summary>
    public LibSvmProblem PairProblem(int i, int j)
    {
        var ni = groups.Members[i].Length;
        var nj = groups.Members[j].Length;
        var ri = blockRows[i];
        var rj = blockRows[j];
        var columnsI = ri.Length / ni;
        var columnsJ = rj.Length / nj;
        var jInRowI = offsets[j] - offsets[i];
        var labels = new int[ni + nj];
        labels.AsSpan(0, ni).Fill(1);
        labels.AsSpan(ni).Fill(-1);
        var problem = LibSvmProblem.Precomputed(ni + nj, labels);
        try
        {
            var values = new double[ni + nj];
            for (var a = 0; a < ni; a++)
            {
                ri.AsSpan(a * columnsI, ni).CopyTo(values);
                ri.AsSpan((a * columnsI) + jInRowI, nj).CopyTo(values.AsSpan(ni));
                problem.SetGramRow(a, values);
            }

            for (var b = 0; b < nj; b++)
            {
                // K(x_j,b, x_i,a) = K(x_i,a, x_j,b): class j's rows read class i's block row down a column.
                for (var a = 0; a < ni; a++)
                {
                    values[a] = ri[(a * columnsI) + jInRowI + b];
                }

                rj.AsSpan(b * columnsJ, nj).CopyTo(values.AsSpan(ni));
                problem.SetGramRow(ni + b, values);
            }

            return problem;
        }
        catch
        {
            problem.Dispose();
            throw;
        }
    }

    /// <summary>Turns dot products (rows from <paramref name="firstRow"/>, columns from <paramref name="firstColumn"/>, in class order) into kernel values.</summary>
    private static void Apply(KernelFunction kernel, double[] dots, int firstRow, int firstColumn, int rows, int columns, double[] squaredNorms)
    {
        if (kernel.Kind == KernelKind.Linear)
        {
            return;
        }

        Parallel.For(0, rows, r =>
        {
            var row = dots.AsSpan(r * columns, columns);
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

    private static double[] SquaredNorms(float[] rows, int count, int dimension)
    {
        var norms = new double[count];
        for (var i = 0; i < count; i++)
        {
            double sum = 0;
            foreach (var v in rows.AsSpan(i * dimension, dimension))
            {
                sum += (double)v * v;
            }

            norms[i] = sum;
        }

        return norms;
    }
}
