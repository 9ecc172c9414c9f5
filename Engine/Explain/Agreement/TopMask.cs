namespace ExplainHub.Engine.Explain.Agreement;

/// <summary>
/// The top-ρ mask of a map: its ⌈ρ·n⌉ highest pixels (seed 002 §5.2 thresholds H "so that ρ% of the top features"
/// are kept), ties at the threshold broken by position so the mask always has exactly that many pixels.
/// </summary>
public static class TopMask
{
    public static bool[] Of(ReadOnlySpan<float> map, double rho)
    {
        var keep = Size(map.Length, rho);
        var order = new int[map.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var values = map.ToArray();
        // Descending by value, ascending by position among equals.
        Array.Sort(order, (x, y) => values[y].CompareTo(values[x]) is var c && c != 0 ? c : x.CompareTo(y));
        var mask = new bool[map.Length];
        for (var k = 0; k < keep; k++)
        {
            mask[order[k]] = true;
        }

        return mask;
    }

    /// <summary>How many of <paramref name="pixels"/> a top-ρ mask keeps: ⌈ρ·n⌉, at least one.</summary>
    public static int Size(int pixels, double rho)
    {
        if (!(rho > 0 && rho <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rho), rho, "ρ must be in (0, 1].");
        }

        return Math.Max(1, (int)Math.Ceiling(rho * pixels));
    }

    /// <summary>|A ∩ B| / |A ∪ B|; 1 for two empty masks.</summary>
    public static double IntersectionOverUnion(ReadOnlySpan<bool> a, ReadOnlySpan<bool> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Masks of {a.Length} and {b.Length} pixels cannot be compared.", nameof(b));
        }

        int both = 0, either = 0;
        for (var i = 0; i < a.Length; i++)
        {
            both += a[i] && b[i] ? 1 : 0;
            either += a[i] || b[i] ? 1 : 0;
        }

        return either == 0 ? 1 : (double)both / either;
    }
}
