namespace ExplainHub.Engine.Linalg;

/// <summary>A principal-component fit: mean, unit axes (Components×Dimension, row-major) and their variances.</summary>
public sealed record PcaFit(float[] Mean, float[] Axes, double[] Variances, double TotalVariance, int Components, int Dimension)
{
    public double ExplainedVarianceRatio => TotalVariance > 0 ? Variances.Sum() / TotalVariance : 0;
}
