using System.Numerics.Tensors;

namespace ExplainHub.Engine.Explain;

/// <summary>Heat maps are always in [0,1] at input resolution (DESIGN §3); the raw map travels alongside.</summary>
public static class Heatmap
{
    /// <summary>
    /// Differences a map's values must exceed, relative to their size, to be more than float32 rounding (about eight
    /// units in the last place).
    /// </summary>
    public const float RelativeResolution = 1e-6f;

    /// <summary>
    /// Min–max normalisation; a constant map (no evidence anywhere) becomes all zeros. Constant means equal up to
    /// rounding of the values' own size, not small: the probability gradient of an image the model is sure of is
    /// ~1e-13 everywhere (p_y is 1.0 in float32, only the other classes' p_k ~ e^−30 carry it) and still ranks pixels.
    /// </summary>
    public static float[] Normalize(ReadOnlySpan<float> raw)
    {
        var result = new float[raw.Length];
        if (raw.IsEmpty)
        {
            return result;
        }

        var min = TensorPrimitives.Min(raw);
        var max = TensorPrimitives.Max(raw);
        var range = max - min;
        if (!(range > RelativeResolution * Math.Max(Math.Abs(min), Math.Abs(max))) || !float.IsFinite(range))
        {
            return result;
        }

        TensorPrimitives.Subtract(raw, min, result);
        TensorPrimitives.Divide(result, range, result);
        return result;
    }

    /// <summary>Index of the largest value (row-major), e.g. where a map "looks" most.</summary>
    public static int ArgMax(ReadOnlySpan<float> map)
    {
        var best = 0;
        for (var i = 1; i < map.Length; i++)
        {
            if (map[i] > map[best])
            {
                best = i;
            }
        }

        return best;
    }
}
