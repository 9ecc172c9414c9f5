using ExplainHub.Engine.Native;
using ExplainHub.Engine.Linalg;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// Principal components of the training pixels (libtorch's LAPACK through TorchSharp): z = P(x − μ) with P the
/// top-k unit axes as rows. Also maps component-space weights back to pixels (w^p = Pᵀw, seed 000 §3.1).
/// </summary>
public sealed class PcaProjection
{
    public PcaProjection(float[] mean, float[] axes, double[] variances, double totalVariance)
    {
        Dimension = mean.Length;
        Components = variances.Length;
        if (axes.Length != (long)Components * Dimension)
        {
            throw new ArgumentException($"{axes.Length} axis values do not make {Components} axes of {Dimension} features.");
        }

        Mean = mean;
        Axes = axes;
        Variances = variances;
        TotalVariance = totalVariance;
    }

    public float[] Mean { get; }

    /// <summary>Components×Dimension, one unit axis a row, by decreasing variance.</summary>
    public float[] Axes { get; }

    public double[] Variances { get; }

    public double TotalVariance { get; }

    public int Components { get; }

    public int Dimension { get; }

    /// <summary>Share of the training variance the kept components explain (scikit-learn's explained_variance_ratio_.sum()).</summary>
    public double ExplainedVarianceRatio => TotalVariance > 0 ? Variances.Sum() / TotalVariance : 0;

    public static PcaProjection Fit(SampleMatrix samples, int components)
    {
        var limit = Math.Min(samples.Count, samples.Dimension);
        if (components < 1 || components > limit)
        {
            throw new ArgumentException($"PCA components must be 1..{limit} (the smaller of samples and features), not {components}.");
        }

        var fit = TorchLinearAlgebra.Pca(samples.Values, samples.Count, samples.Dimension, components);
        return new PcaProjection(fit.Mean, fit.Axes, fit.Variances, fit.TotalVariance);
    }

    /// <summary>count×Components coordinates of count rows.</summary>
    public float[] Transform(ReadOnlySpan<float> rows, int count) => TorchLinearAlgebra.PcaTransform(rows, count, Mean, Axes, Components);

    public SampleMatrix Transform(SampleMatrix samples) =>
        new(Transform(samples.Values, samples.Count), samples.Labels, Components, samples.Classes);

    /// <summary>Pᵀw: a component-space weight as pixels.</summary>
    public double[] ToPixels(ReadOnlySpan<float> componentWeights)
    {
        var pixels = new double[Dimension];
        for (var k = 0; k < Components; k++)
        {
            var w = (double)componentWeights[k];
            for (var j = 0; j < Dimension; j++)
            {
                pixels[j] += w * Axes[(k * Dimension) + j];
            }
        }

        return pixels;
    }

    public void Save(string path) => ArrayFile.Write(path, Axes, Components, Dimension);
}
