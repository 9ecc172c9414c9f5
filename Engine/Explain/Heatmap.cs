using System.Numerics.Tensors;

namespace ExplainHub.Engine.Explain;

/// <summary>Heat maps are always in [0,1] at input resolution (DESIGN §3); the raw map travels alongside.</summary>
public static class Heatmap
{
    /// <summary>Min–max normalisation; a constant map (no evidence anywhere) becomes all zeros.</summary>
    public static float[] Normalize(ReadOnlySpan<float> raw)
    {
        var result = new float[raw.Length];
        if (raw.IsEmpty)
        {
            return result;
        }

        var min = TensorPrimitives.Min(raw);
        var range = TensorPrimitives.Max(raw) - min;
        if (!(range > 1e-12f))
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
