namespace ExplainHub.Engine.Native;

/// <summary>A principal-component fit: mean, unit axes (Components×Dimension, row-major) and their variances.</summary>
public sealed record PcaFit(float[] Mean, float[] Axes, double[] Variances, double TotalVariance, int Components, int Dimension)
{
    public double ExplainedVarianceRatio => TotalVariance > 0 ? Variances.Sum() / TotalVariance : 0;
}

/// <summary>Kernel functions as LIBSVM defines them.</summary>
public enum KernelKind
{
    Linear,
    Poly,
    Rbf,
    Sigmoid,
}

/// <summary>A kernel with its parameters: linear u·v, poly (γu·v+c₀)^d, rbf exp(−γ|u−v|²), sigmoid tanh(γu·v+c₀).</summary>
public sealed record KernelFunction(KernelKind Kind, double Gamma, double Coef0 = 0, int Degree = 3)
{
    public string NativeName => Kind.ToString().ToLowerInvariant();
}

/// <summary>
/// Dense linear algebra through the bridge (libtorch's LAPACK and BLAS, float64 inside except PCA's covariance
/// GEMM): what PCA, kernel PCA, precomputed SVM kernels and kernel ridge regression need, without a hand-written
/// solver.
/// </summary>
public static class TorchLinearAlgebra
{
    public static unsafe PcaFit Pca(ReadOnlySpan<float> samples, int count, int dimension, int components)
    {
        CheckShape(samples.Length, count, dimension, "samples");
        var mean = new float[dimension];
        var axes = new float[(long)components * dimension];
        var variances = new double[components];
        double total;
        fixed (float* x = samples)
        fixed (float* m = mean)
        fixed (float* a = axes)
        fixed (double* v = variances)
        {
            NativeCall.Check(NativeMethods.LinalgPcaFit(x, count, dimension, components, m, a, v, out total));
        }

        return new PcaFit(mean, axes, variances, total, components, dimension);
    }

    /// <summary>(samples − mean)·axesᵀ: count×components coordinates (float64 inside).</summary>
    public static unsafe float[] PcaTransform(ReadOnlySpan<float> samples, int count, ReadOnlySpan<float> mean, ReadOnlySpan<float> axes, int components)
    {
        var dimension = mean.Length;
        CheckShape(samples.Length, count, dimension, "samples");
        CheckShape(axes.Length, components, dimension, "axes");
        var result = new float[(long)count * components];
        fixed (float* x = samples)
        fixed (float* m = mean)
        fixed (float* a = axes)
        fixed (float* z = result)
        {
            NativeCall.Check(NativeMethods.LinalgPcaTransform(x, count, dimension, m, a, components, z));
        }

        return result;
    }

    /// <summary>K(a_i, b_j) as a rowsA×rowsB row-major matrix.</summary>
    public static unsafe double[] Kernel(KernelFunction kernel, ReadOnlySpan<float> a, int rowsA, ReadOnlySpan<float> b, int rowsB, int dimension)
    {
        CheckShape(a.Length, rowsA, dimension, "first samples");
        CheckShape(b.Length, rowsB, dimension, "second samples");
        var result = new double[(long)rowsA * rowsB];
        fixed (float* x = a)
        fixed (float* y = b)
        fixed (double* k = result)
        {
            NativeCall.Check(NativeMethods.LinalgKernel(kernel.NativeName, x, rowsA, y, rowsB, dimension,
                kernel.Gamma, kernel.Coef0, kernel.Degree, k));
        }

        return result;
    }

    /// <summary>a·bᵀ of float64 rows written into <paramref name="output"/> (rowsA×rowsB, row-major).</summary>
    public static unsafe void DotProductsInto(ReadOnlySpan<double> a, int rowsA, ReadOnlySpan<double> b, int rowsB, int dimension, Span<double> output)
    {
        CheckShape(a.Length, rowsA, dimension, "first samples");
        CheckShape(b.Length, rowsB, dimension, "second samples");
        CheckShape(output.Length, rowsA, rowsB, "result");
        fixed (double* x = a)
        fixed (double* y = b)
        fixed (double* k = output)
        {
            NativeCall.Check(NativeMethods.LinalgDotInto(x, rowsA, y, rowsB, dimension, k));
        }
    }

    /// <summary>The <paramref name="count"/> largest eigenpairs of a symmetric matrix; vectors count×size, one a row.</summary>
    public static unsafe (double[] Values, double[] Vectors) TopEigen(ReadOnlySpan<double> matrix, int size, int count)
    {
        CheckShape(matrix.Length, size, size, "matrix");
        var values = new double[count];
        var vectors = new double[(long)count * size];
        fixed (double* m = matrix)
        fixed (double* v = values)
        fixed (double* e = vectors)
        {
            NativeCall.Check(NativeMethods.LinalgEighTop(m, size, count, v, e));
        }

        return (values, vectors);
    }

    /// <summary>X with (A + ridge·I) X = B for symmetric positive-definite A (size×size); B is size×columns.</summary>
    public static unsafe double[] SolveSymmetric(ReadOnlySpan<double> matrix, int size, ReadOnlySpan<double> rhs, int columns, double ridge)
    {
        CheckShape(matrix.Length, size, size, "matrix");
        CheckShape(rhs.Length, size, columns, "right-hand side");
        var solution = new double[(long)size * columns];
        fixed (double* a = matrix)
        fixed (double* b = rhs)
        fixed (double* x = solution)
        {
            NativeCall.Check(NativeMethods.LinalgSolveSpd(a, size, b, columns, ridge, x));
        }

        return solution;
    }

    /// <summary>A (rows×inner) · B (inner×columns).</summary>
    public static unsafe double[] Multiply(ReadOnlySpan<double> a, int rows, int inner, ReadOnlySpan<double> b, int columns)
    {
        CheckShape(a.Length, rows, inner, "left matrix");
        CheckShape(b.Length, inner, columns, "right matrix");
        var result = new double[(long)rows * columns];
        fixed (double* x = a)
        fixed (double* y = b)
        fixed (double* z = result)
        {
            NativeCall.Check(NativeMethods.LinalgMatmul(x, rows, inner, y, columns, z));
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
