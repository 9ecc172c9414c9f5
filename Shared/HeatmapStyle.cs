namespace ExplainHub.Shared;

/// <summary>Colour maps a heat map can be drawn with; strings so that the pages, the CLI and the engine share one list.</summary>
public static class ColorMaps
{
    /// <summary>Perceptually uniform and readable under the common colour-vision deficiencies (Smith and van der Walt 2015): the default.</summary>
    public const string Viridis = "viridis";

    /// <summary>Viridis' black-red-yellow sibling, also colour-blind safe.</summary>
    public const string Inferno = "inferno";

    /// <summary>The rainbow map of the seeds (matplotlib's jet); not uniform, kept to compare with their figures.</summary>
    public const string Jet = "jet";

    /// <summary>Google's Turbo, a smoother rainbow than jet.</summary>
    public const string Turbo = "turbo";

    /// <summary>Seed 001: green where the model is confident (p &gt; 0.95), red otherwise, deeper where the map is hotter.</summary>
    public const string Confidence = "confidence";

    public const string Default = Viridis;

    public static IReadOnlyList<string> All { get; } = [Viridis, Inferno, Jet, Turbo, Confidence];
}

/// <summary>How a heat map is drawn over its image: a colour map and the map's opacity (0 = image only, 1 = map only).</summary>
public sealed record HeatmapStyle(string ColorMap = ColorMaps.Default, double Opacity = HeatmapStyle.DefaultOpacity)
{
    /// <summary>The seeds draw their maps at alpha 0.5.</summary>
    public const double DefaultOpacity = 0.5;

    /// <summary>Why this style cannot be drawn, or null when it can.</summary>
    public string? Problem() =>
        !ColorMaps.All.Contains(ColorMap) ? $"unknown colour map '{ColorMap}'; known: {string.Join(", ", ColorMaps.All)}"
        : !(Opacity >= 0 && Opacity <= 1) ? $"opacity is within [0, 1], not {Opacity}"
        : null;
}
