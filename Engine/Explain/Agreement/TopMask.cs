using System.Numerics;
using System.Runtime.CompilerServices;

namespace ExplainHub.Engine.Explain.Agreement;

/// <summary>
/// The top-ρ mask of a map: its ⌈ρ·n⌉ highest pixels (seed 002 §5.2 thresholds H "so that ρ% of the top features"
/// are kept), ties at the threshold broken by position so the mask always has exactly that many pixels.
/// </summary>
public static class TopMask
{
    public static bool[] Of(ReadOnlySpan<float> map, double rho)
    {
        var mask = new bool[map.Length];
        foreach (var pixel in Select(map, Size(map.Length, rho)))
        {
            mask[pixel] = true;
        }

        return mask;
    }

    /// <summary>
    /// Sets <paramref name="mask"/> to 1 at the top-ρ pixels of <paramref name="map"/> and to 0 elsewhere: the same
    /// pixels as a stable descending sort would keep, found by selection instead (a few µs for a 28×28 map, where
    /// sorting every map of a batch cost more than scoring it).
    /// </summary>
    public static void Fill(ReadOnlySpan<float> map, double rho, Span<float> mask)
    {
        if (mask.Length != map.Length)
        {
            throw new ArgumentException($"A mask of {mask.Length} pixels cannot hold a map of {map.Length}.", nameof(mask));
        }

        mask.Clear();
        foreach (var pixel in Select(map, Size(map.Length, rho)))
        {
            mask[pixel] = 1;
        }
    }

    // The keep highest pixels, ties at the threshold to the lowest positions; NaN ranks below every number and −0 with +0,
    // as float.CompareTo orders them. Optimised from the first call: an evaluation calls it for every map of a batch
    // long before tiered compilation would.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int[] Select(ReadOnlySpan<float> map, int keep)
    {
        var keys = new int[map.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = OrderedKey(map[i]);
        }

        var threshold = KthLargest(keys, keep);
        var above = 0;
        foreach (var key in keys)
        {
            above += key > threshold ? 1 : 0;
        }

        var selected = new int[keep];
        var taken = 0;
        var atThreshold = keep - above;
        for (var i = 0; i < keys.Length && taken < keep; i++)
        {
            if (keys[i] > threshold || (keys[i] == threshold && atThreshold-- > 0))
            {
                selected[taken++] = i;
            }
        }

        return selected;
    }

    // An integer whose order is the float's: the sign-magnitude bits of a negative number flipped to two's complement order.
    private static int OrderedKey(float value)
    {
        if (float.IsNaN(value))
        {
            return int.MinValue;
        }

        var bits = BitConverter.SingleToInt32Bits(value + 0f);
        return bits < 0 ? bits ^ int.MaxValue : bits;
    }

    // The largest t with at least keep keys ≥ t, i.e. the keep-th largest key: a binary search over the 32-bit range,
    // each probe one vectorised count.
    private static int KthLargest(int[] keys, int keep)
    {
        long low = int.MinValue, high = int.MaxValue;
        while (low < high)
        {
            var middle = (int)(low + ((high - low + 1) / 2));
            if (CountAtLeast(keys, middle) >= keep)
            {
                low = middle;
            }
            else
            {
                high = middle - 1L;
            }
        }

        return (int)low;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CountAtLeast(ReadOnlySpan<int> keys, int threshold)
    {
        var count = 0;
        var i = 0;
        if (Vector.IsHardwareAccelerated && keys.Length >= Vector<int>.Count)
        {
            var limit = new Vector<int>(threshold);
            var counts = Vector<int>.Zero;
            for (; i <= keys.Length - Vector<int>.Count; i += Vector<int>.Count)
            {
                // Each lane of the comparison is −1 where the key is at least the threshold.
                counts -= Vector.GreaterThanOrEqual(new Vector<int>(keys.Slice(i, Vector<int>.Count)), limit);
            }

            count = Vector.Sum(counts);
        }

        for (; i < keys.Length; i++)
        {
            count += keys[i] >= threshold ? 1 : 0;
        }

        return count;
    }

    /// <summary>How many of <paramref name="pixels"/> a top-ρ mask keeps: ⌈ρ·n⌉, at least one.</summary>
    public static int Size(int pixels, double rho)
    {
        if (!(rho > 0 && rho <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rho), rho, "ρ must be in (0, 1].");
        }

        // ρ·n that is a whole number in decimal can land a hair above it in binary (0.07·100 = 7.000000000000001),
        // where a plain ceiling would keep one pixel more than asked.
        var exact = rho * pixels;
        var whole = Math.Round(exact);
        return Math.Max(1, (int)(Math.Abs(exact - whole) <= 1e-9 * Math.Max(1, exact) ? whole : Math.Ceiling(exact)));
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
