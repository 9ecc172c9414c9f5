using ExplainHub.Engine.Native;
using ExplainHub.Engine.Linalg;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// Kernel PCA (Schölkopf et al. 1998) as scikit-learn's KernelPCA computes it: the centred kernel matrix of a fit
/// set, its top eigenpairs (λ_i, v_i), components z_i(x) = Σ_j (v_ij/√λ_i) k̃(x, x_j). It has no exact inverse, so
/// like KernelPCA(fit_inverse_transform=True) it learns one by kernel ridge regression from the fit set's components
/// back to its pixels; pre-images of component-space points (e.g. an SVM's class weights, seed 000 Figures 9–11)
/// come from that map.
/// </summary>
public sealed class KernelPcaProjection
{
    private const int TransformChunk = 2048;

    public KernelPcaProjection(KernelFunction kernel, float[] basis, int dimension, double[] eigenvalues, double[] alphas,
        double[] columnMeans, double grandMean, float[] fitComponents, double[] dualCoefficients)
    {
        Kernel = kernel;
        Basis = basis;
        Dimension = dimension;
        FitCount = basis.Length / dimension;
        Eigenvalues = eigenvalues;
        Components = eigenvalues.Length;
        Alphas = alphas;
        ColumnMeans = columnMeans;
        GrandMean = grandMean;
        FitComponents = fitComponents;
        DualCoefficients = dualCoefficients;
        if (basis.Length != (long)FitCount * dimension || alphas.Length != (long)FitCount * Components
            || columnMeans.Length != FitCount || fitComponents.Length != (long)FitCount * Components
            || dualCoefficients.Length != (long)FitCount * dimension)
        {
            throw new ArgumentException("The kernel PCA's arrays do not fit together.");
        }
    }

    public KernelFunction Kernel { get; }

    /// <summary>The fit set's samples, FitCount×Dimension: every transform needs k(x, x_j) against them.</summary>
    public float[] Basis { get; }

    public int Dimension { get; }

    public int FitCount { get; }

    public int Components { get; }

    /// <summary>λ_i, descending.</summary>
    public double[] Eigenvalues { get; }

    /// <summary>FitCount×Components: v_ij / √λ_i.</summary>
    public double[] Alphas { get; }

    /// <summary>Column means of the uncentred fit kernel matrix, for centring new rows.</summary>
    public double[] ColumnMeans { get; }

    public double GrandMean { get; }

    /// <summary>FitCount×Components: the fit set's own components, inputs of the inverse map.</summary>
    public float[] FitComponents { get; }

    /// <summary>FitCount×Dimension: the kernel ridge regression's dual coefficients (pixels per fit sample).</summary>
    public double[] DualCoefficients { get; }

    public static KernelPcaProjection Fit(SampleMatrix fitSet, int components, KernelFunction kernel, double ridge)
    {
        var m = fitSet.Count;
        var d = fitSet.Dimension;
        if (components < 1 || components > m)
        {
            throw new ArgumentException($"Kernel PCA components must be 1..{m} (the fit set's size), not {components}.");
        }

        var k = TorchLinearAlgebra.Kernel(kernel, fitSet.Values, m, fitSet.Values, m, d);
        var columnMeans = new double[m];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < m; j++)
            {
                columnMeans[j] += k[((long)i * m) + j];
            }
        }

        for (var j = 0; j < m; j++)
        {
            columnMeans[j] /= m;
        }

        var grand = columnMeans.Average();
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < m; j++)
            {
                k[((long)i * m) + j] += grand - columnMeans[i] - columnMeans[j];
            }
        }

        var (values, vectors) = TorchLinearAlgebra.TopEigen(k, m, components);
        var alphas = new double[(long)m * components];
        var fitComponents = new float[(long)m * components];
        for (var c = 0; c < components; c++)
        {
            // A kernel of lower rank than asked (e.g. linear on few pixels) leaves null directions: they get no weight.
            var lambda = values[c] > 1e-10 * Math.Max(1, values[0]) ? values[c] : 0;
            for (var j = 0; j < m; j++)
            {
                var v = vectors[((long)c * m) + j];
                // Kept at float32 precision, as saved, so that a reloaded model computes exactly what this one does.
                alphas[((long)j * components) + c] = (float)(lambda > 0 ? v / Math.Sqrt(lambda) : 0);
                fitComponents[((long)j * components) + c] = (float)(v * Math.Sqrt(lambda));
            }
        }

        // scikit-learn's _fit_inverse_transform: solve (k(Z, Z) + αI) D = X.
        var kz = TorchLinearAlgebra.Kernel(kernel, fitComponents, m, fitComponents, m, components);
        var targets = Array.ConvertAll(fitSet.Values, v => (double)v);
        var dual = Array.ConvertAll(TorchLinearAlgebra.SolveSymmetric(kz, m, targets, d, ridge), v => (double)(float)v);
        return new KernelPcaProjection(kernel, fitSet.Values.ToArray(), d, values, alphas, columnMeans, grand, fitComponents, dual);
    }

    /// <summary>count×Components coordinates of count rows, in chunks so that the kernel block stays small.</summary>
    public float[] Transform(ReadOnlySpan<float> rows, int count)
    {
        var result = new float[(long)count * Components];
        for (var start = 0; start < count; start += TransformChunk)
        {
            var n = Math.Min(TransformChunk, count - start);
            var block = TorchLinearAlgebra.Kernel(Kernel, rows.Slice(start * Dimension, n * Dimension), n, Basis, FitCount, Dimension);
            for (var i = 0; i < n; i++)
            {
                var row = block.AsSpan(i * FitCount, FitCount);
                var rowMean = 0.0;
                foreach (var v in row)
                {
                    rowMean += v;
                }

                rowMean /= FitCount;
                for (var j = 0; j < FitCount; j++)
                {
                    row[j] += GrandMean - rowMean - ColumnMeans[j];
                }
            }

            var projected = TorchLinearAlgebra.Multiply(block, n, FitCount, Alphas, Components);
            for (var i = 0; i < projected.Length; i++)
            {
                result[((long)start * Components) + i] = (float)projected[i];
            }
        }

        return result;
    }

    public SampleMatrix Transform(SampleMatrix samples) =>
        new(Transform(samples.Values, samples.Count), samples.Labels, Components, samples.Classes);

    /// <summary>Pixels of count component-space points through the learned inverse map.</summary>
    public float[] PreImages(ReadOnlySpan<float> points, int count)
    {
        var k = TorchLinearAlgebra.Kernel(Kernel, points, count, FitComponents, FitCount, Components);
        return Array.ConvertAll(TorchLinearAlgebra.Multiply(k, count, FitCount, DualCoefficients, Dimension), v => (float)v);
    }
}
