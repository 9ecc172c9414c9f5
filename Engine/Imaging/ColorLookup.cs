using System.Collections.Concurrent;
using ExplainHub.Shared;
using ScottPlot;

namespace ExplainHub.Engine.Imaging;

/// <summary>
/// A colour map as 256 RGB entries, sampled once from ScottPlot's published tables (matplotlib's viridis, inferno and
/// jet, Google's turbo) so drawing a map is a table lookup per pixel.
/// </summary>
public sealed class ColorLookup
{
    private static readonly ConcurrentDictionary<string, ColorLookup> Cache = new();

    private readonly (byte R, byte G, byte B)[] entries;

    private ColorLookup((byte R, byte G, byte B)[] entries) => this.entries = entries;

    /// <summary>The map called <paramref name="name"/> (one of <see cref="ColorMaps.All"/> but the confidence tint).</summary>
    public static ColorLookup For(string name) => Cache.GetOrAdd(name, static n =>
    {
        IColormap map = n switch
        {
            ColorMaps.Viridis => new ScottPlot.Colormaps.Viridis(),
            ColorMaps.Inferno => new ScottPlot.Colormaps.Inferno(),
            ColorMaps.Jet => new ScottPlot.Colormaps.Jet(),
            ColorMaps.Turbo => new ScottPlot.Colormaps.Turbo(),
            _ => throw new ArgumentException($"'{n}' is not a colour map with a table; known: {ColorMaps.Viridis}, {ColorMaps.Inferno}, {ColorMaps.Jet}, {ColorMaps.Turbo}", nameof(name)),
        };
        var entries = new (byte, byte, byte)[256];
        for (var i = 0; i < entries.Length; i++)
        {
            var colour = map.GetColor(i / 255.0);
            entries[i] = (colour.R, colour.G, colour.B);
        }

        return new ColorLookup(entries);
    });

    /// <summary>The colour of <paramref name="t"/> in [0,1]; outside values are clamped, NaN is the bottom colour.</summary>
    public (byte R, byte G, byte B) At(float t) =>
        entries[float.IsNaN(t) ? 0 : (int)Math.Round(Math.Clamp(t, 0f, 1f) * 255f, MidpointRounding.AwayFromZero)];
}
