using ExplainHub.Engine.Networks;
using static TorchSharp.torch;

namespace ExplainHub.Engine.Linalg;

/// <summary>
/// Dense linear algebra for the classical models on libtorch's LAPACK and BLAS through TorchSharp, float64 inside
/// (so LIBSVM and LIBLINEAR downstream see the numbers scikit-learn's would) except PCA's covariance GEMM: what PCA,
/// kernel PCA, precomputed SVM kernels and kernel ridge regression need, without a hand-written solver.
/// </summary>
public static class TorchLinearAlgebra
{
    // PCA projections and kernels run in blocks of rows, so the float64 copies stay a few MB and are reused by the
    // allocator instead of faulting in fresh pages for the whole set (what costs most on these machines).
    private const int Block = 2048;

    public static PcaFit Pca(ReadOnlySpan<float> samples, int count, int dimension, int components)
    {
        CheckShape(samples.Length, count, dimension, "samples");
        if (count < 2)
        {
            throw new ArgumentException("PCA needs at least two samples.", nameof(samples));
        }

        if (components < 1 || components > dimension || components > count)
        {
            throw new ArgumentException($"components must be between 1 and min(samples, dimension) = {Math.Min(count, dimension)}, not {components}.", nameof(components));
        }

        TorchRuntime.EnsureStarted();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = TensorData.From(samples, count, dimension);
        if (!isfinite(x).all().item<bool>())
        {
            throw new ArgumentException("samples contain NaN or infinite values", nameof(samples));
        }

        var mu = x.mean([0], type: ScalarType.Float64);
        var centred = x - mu.to(ScalarType.Float32);
        // Covariance (d×d, one GEMM) and its symmetric eigendecomposition: for n ≫ d this is what a full SVD
        // computes, at a fraction of the cost. The GEMM runs in float32 (pixels carry no more than that; half the
        // time of float64), the eigensolver in float64.
        var covariance = centred.t().mm(centred).to(ScalarType.Float64) / (count - 1.0);
        var (values, vectors) = linalg.eigh(covariance); // ascending
        var top = values.flip(0).narrow(0, 0, components).clamp_min(0);
        var directions = vectors.flip(1).narrow(1, 0, components).t().contiguous(); // k×d
        // Sign convention as scikit-learn's svd_flip on V: the largest |loading| of each axis is positive.
        var pivots = directions.abs().argmax(1);
        var signs = directions.gather(1, pivots.unsqueeze(1)).sign();
        signs = where(signs.eq(0), ones_like(signs), signs);
        directions *= signs;
        return new PcaFit(TensorData.ToFloats(mu), TensorData.ToFloats(directions), TensorData.ToDoubles(top),
            values.clamp_min(0).sum().item<double>(), components, dimension);
    }

    /// <summary>(samples − mean)·axesᵀ: count×components coordinates (float64 inside).</summary>
    public static float[] PcaTransform(ReadOnlySpan<float> samples, int count, ReadOnlySpan<float> mean, ReadOnlySpan<float> axes, int components)
    {
        var dimension = mean.Length;
        CheckShape(samples.Length, count, dimension, "samples");
        CheckShape(axes.Length, components, dimension, "axes");
        TorchRuntime.EnsureStarted();
        var result = new float[(long)count * components];
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var mu = TensorData.From(mean, 1, dimension).to(ScalarType.Float64);
        var pt = TensorData.From(axes, components, dimension).to(ScalarType.Float64).t();
        for (var first = 0; first < count; first += Block)
        {
            var rows = Math.Min(Block, count - first);
            using var inner = NewDisposeScope();
            var block = TensorData.From(samples.Slice(first * dimension, rows * dimension), rows, dimension).to(ScalarType.Float64);
            TensorData.CopyTo((block - mu).mm(pt), result.AsSpan(first * components, rows * components));
        }

        return result;
    }

    /// <summary>K(a_i, b_j) as a rowsA×rowsB row-major matrix.</summary>
    public static double[] Kernel(KernelFunction kernel, ReadOnlySpan<float> a, int rowsA, ReadOnlySpan<float> b, int rowsB, int dimension)
    {
        CheckShape(a.Length, rowsA, dimension, "first samples");
        CheckShape(b.Length, rowsB, dimension, "second samples");
        TorchRuntime.EnsureStarted();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = TensorData.From(a, rowsA, dimension).to(ScalarType.Float64);
        var y = TensorData.From(b, rowsB, dimension).to(ScalarType.Float64);
        var dots = x.mm(y.t());
        var result = kernel.Kind switch
        {
            KernelKind.Linear => dots,
            KernelKind.Poly => ((kernel.Gamma * dots) + kernel.Coef0).pow(kernel.Degree),
            KernelKind.Rbf => exp(-kernel.Gamma * (x.pow(2).sum(1, keepdim: true) + y.pow(2).sum(1, keepdim: true).t() - (2 * dots)).clamp_min(0)),
            KernelKind.Sigmoid => tanh((kernel.Gamma * dots) + kernel.Coef0),
            _ => throw new ArgumentOutOfRangeException(nameof(kernel), kernel.Kind, "unknown kernel"),
        };
        return TensorData.ToDoubles(result);
    }

    /// <summary>a·bᵀ of float64 rows written into <paramref name="output"/> (rowsA×rowsB, row-major).</summary>
    public static void DotProductsInto(ReadOnlySpan<double> a, int rowsA, ReadOnlySpan<double> b, int rowsB, int dimension, Span<double> output)
    {
        CheckShape(a.Length, rowsA, dimension, "first samples");
        CheckShape(b.Length, rowsB, dimension, "second samples");
        CheckShape(output.Length, rowsA, rowsB, "result");
        TorchRuntime.EnsureStarted();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = TensorData.From(a, rowsA, dimension);
        var y = TensorData.From(b, rowsB, dimension);
        TensorData.CopyTo(x.mm(y.t()), output);
    }

    /// <summary>The <paramref name="count"/> largest eigenpairs of a symmetric matrix; vectors count×size, one a row.</summary>
    public static (double[] Values, double[] Vectors) TopEigen(ReadOnlySpan<double> matrix, int size, int count)
    {
        CheckShape(matrix.Length, size, size, "matrix");
        if (count < 1 || count > size)
        {
            throw new ArgumentException($"count must be between 1 and the matrix size {size}, not {count}.", nameof(count));
        }

        TorchRuntime.EnsureStarted();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (values, vectors) = linalg.eigh(TensorData.From(matrix, size, size));
        return (TensorData.ToDoubles(values.flip(0).narrow(0, 0, count)),
            TensorData.ToDoubles(vectors.flip(1).narrow(1, 0, count).t())); // count×size, one eigenvector a row
    }

    /// <summary>X with (A + ridge·I) X = B for symmetric positive-definite A (size×size); B is size×columns.</summary>
    public static double[] SolveSymmetric(ReadOnlySpan<double> matrix, int size, ReadOnlySpan<double> rhs, int columns, double ridge)
    {
        CheckShape(matrix.Length, size, size, "matrix");
        CheckShape(rhs.Length, size, columns, "right-hand side");
        ArgumentOutOfRangeException.ThrowIfNegative(ridge);
        TorchRuntime.EnsureStarted();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var a = TensorData.From(matrix, size, size);
        if (ridge > 0)
        {
            a += ridge * eye(size, dtype: ScalarType.Float64);
        }

        var factor = NetworkException.Guard(() => linalg.cholesky(a));
        return TensorData.ToDoubles(cholesky_solve(TensorData.From(rhs, size, columns), factor));
    }

    /// <summary>A (rows×inner) · B (inner×columns).</summary>
    public static double[] Multiply(ReadOnlySpan<double> a, int rows, int inner, ReadOnlySpan<double> b, int columns)
    {
        CheckShape(a.Length, rows, inner, "left matrix");
        CheckShape(b.Length, inner, columns, "right matrix");
        TorchRuntime.EnsureStarted();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return TensorData.ToDoubles(TensorData.From(a, rows, inner).mm(TensorData.From(b, inner, columns)));
    }

    /// <summary>
    /// x·Wᵀ + b for count rows of <paramref name="weights"/>' dimension: count×classes linear scores, one float32 GEMM
    /// per block of rows on libtorch's BLAS (all cores), the intercepts added in float64. float32 products carry the
    /// pixels' own precision; the sum of 784 of them is within about 1e-6 of the float64 one, far below any margin
    /// a decision depends on.
    /// </summary>
    public static double[] LinearScores(ReadOnlySpan<float> rows, int count, IReadOnlyList<float[]> weights, IReadOnlyList<double> intercepts)
    {
        var classes = weights.Count;
        var dimension = weights[0].Length;
        CheckShape(rows.Length, count, dimension, "rows");
        TorchRuntime.EnsureStarted();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var flat = new float[classes * dimension];
        for (var c = 0; c < classes; c++)
        {
            weights[c].CopyTo(flat.AsSpan(c * dimension, dimension));
        }

        var w = TensorData.From(flat, classes, dimension).t();
        var result = new double[(long)count * classes];
        for (var start = 0; start < count; start += Block)
        {
            using var blockScope = NewDisposeScope();
            var n = Math.Min(Block, count - start);
            var scores = TensorData.From(rows.Slice(start * dimension, n * dimension), n, dimension).mm(w);
            TensorData.CopyTo(scores, result.AsSpan(start * classes, n * classes));
        }

        for (var i = 0; i < result.Length; i++)
        {
            result[i] += intercepts[i % classes];
        }

        return result;
    }

    private static void CheckShape(int length, int rows, int columns, string what)
    {
        if (rows <= 0 || columns <= 0 || length != (long)rows * columns)
        {
            throw new ArgumentException($"{what}: {length} values do not make a {rows}×{columns} matrix.");
        }
    }
}
