namespace ExplainHub.Engine.Models.Classical;

/// <summary>Per-feature standardisation (x − mean) / deviation, fitted on training features; constant features stay 0.</summary>
public sealed record FeatureScaling(float[] Mean, float[] Deviation)
{
    public static FeatureScaling Fit(ReadOnlySpan<float> rows, int count, int dimension)
    {
        var mean = new double[dimension];
        var square = new double[dimension];
        for (var i = 0; i < count; i++)
        {
            var row = rows.Slice(i * dimension, dimension);
            for (var j = 0; j < dimension; j++)
            {
                mean[j] += row[j];
                square[j] += (double)row[j] * row[j];
            }
        }

        var m = new float[dimension];
        var d = new float[dimension];
        for (var j = 0; j < dimension; j++)
        {
            var mu = mean[j] / count;
            var variance = Math.Max(0, (square[j] / count) - (mu * mu));
            m[j] = (float)mu;
            d[j] = variance > 1e-12 ? (float)Math.Sqrt(variance) : 1f;
        }

        return new FeatureScaling(m, d);
    }

    public float[] Apply(float[] rows)
    {
        var dimension = Mean.Length;
        for (var i = 0; i < rows.Length; i++)
        {
            var j = i % dimension;
            rows[i] = (rows[i] - Mean[j]) / Deviation[j];
        }

        return rows;
    }
}
