namespace ExplainHub.Engine.Explain;

/// <summary>
/// What an importance function found for a batch: per image the raw signed map and H ∈ [0,1] (Count×Height×Width,
/// row-major, at input resolution), the class each explains and the model's probabilities (Count×Classes).
/// </summary>
public sealed record ImportanceMaps(int Count, int Height, int Width, float[] Raw, float[] Heat, long[] Targets, float[] Probabilities)
{
    public int Pixels => Height * Width;

    public ReadOnlySpan<float> RawOf(int image) => Raw.AsSpan(image * Pixels, Pixels);

    public ReadOnlySpan<float> HeatOf(int image) => Heat.AsSpan(image * Pixels, Pixels);

    /// <summary>Maps whose H is the min–max normalisation of the raw map, image by image.</summary>
    public static ImportanceMaps MinMax(int count, int height, int width, float[] raw, long[] targets, float[] probabilities)
    {
        var heat = new float[raw.Length];
        var pixels = height * width;
        for (var i = 0; i < count; i++)
        {
            Heatmap.Normalize(raw.AsSpan(i * pixels, pixels)).CopyTo(heat.AsSpan(i * pixels, pixels));
        }

        return new ImportanceMaps(count, height, width, raw, heat, targets, probabilities);
    }
}
