using System.Globalization;
using ExplainHub.Engine.Imaging;
using ExplainHub.Shared;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;

namespace ExplainHub.Server.Compare;

/// <summary>
/// An enlarged map as a plotly figure: the image in grey underneath, H on top in the page's colour map and opacity,
/// and on hover each pixel's position, H and raw value. Maps go at native resolution (28×28 is 784 numbers) and
/// plotly draws and hovers them in the browser, not over the circuit.
/// </summary>
public static class MapFigure
{
    /// <summary>Stops of the colour scale sent to plotly; the tiles use the full 256-entry table of the same map.</summary>
    public const int ScaleStops = 11;

    public static IList<ITrace> Data(ImageBatch picture, Explanation map, HeatmapStyle style)
    {
        var (height, width) = (map.Height, map.Width);
        return
        [
            new HeatMap
            {
                Name = "image",
                Z = Rows(Grey(picture), height, width),
                ColorScale = new object[] { new object[] { 0, "rgb(0,0,0)" }, new object[] { 1, "rgb(255,255,255)" } },
                ZMin = 0,
                ZMax = 255,
                ShowScale = false,
                HoverInfo = Plotly.Blazor.Traces.HeatMapLib.HoverInfoFlag.Skip,
            },
            new HeatMap
            {
                Name = "H",
                Z = Rows(map.Heatmap, height, width),
                CustomData = Rows(map.RawMap, height, width),
                ColorScale = Scale(style, map.Probability),
                ZMin = 0,
                ZMax = 1,
                Opacity = (decimal)Math.Max(style.Opacity, 0.05),
                ColorBar = new Plotly.Blazor.Traces.HeatMapLib.ColorBar { Title = new Plotly.Blazor.Traces.HeatMapLib.ColorBarLib.Title { Text = "H" }, Thickness = 12 },
                HoverTemplate = "row %{y}, column %{x}<br>H %{z:.3f}<br>raw %{customdata:.4g}<extra></extra>",
            },
        ];
    }

    public static Plotly.Blazor.Layout Layout(int height, int width) => new()
    {
        Width = 420,
        Height = 380,
        Margin = new Margin { L = 10, R = 10, T = 10, B = 10 },
        XAxis = [new XAxis { Visible = false, Constrain = Plotly.Blazor.LayoutLib.XAxisLib.ConstrainEnum.Domain }],
        YAxis = [new YAxis { Visible = false, AutoRange = Plotly.Blazor.LayoutLib.YAxisLib.AutoRangeEnum.Reversed, ScaleAnchor = "x" }],
        PaperBgColor = "rgba(0,0,0,0)",
        PlotBgColor = "rgba(0,0,0,0)",
    };

    /// <summary>The colour map as plotly colour-scale stops, or for seed 001's tint, transparent to the tint of the probability.</summary>
    public static object[] Scale(HeatmapStyle style, double probability)
    {
        if (style.ColorMap == ColorMaps.Confidence)
        {
            var (r, g, b) = CamOverlay.TintFor(probability);
            return [new object[] { 0, $"rgba({r},{g},{b},0)" }, new object[] { 1, $"rgb({r},{g},{b})" }];
        }

        var lookup = ColorLookup.For(style.ColorMap);
        return Enumerable.Range(0, ScaleStops).Select(i =>
        {
            var t = i / (double)(ScaleStops - 1);
            var (r, g, b) = lookup.At((float)t);
            return (object)new object[] { t, string.Create(CultureInfo.InvariantCulture, $"rgb({r},{g},{b})") };
        }).ToArray();
    }

    /// <summary>A CSS gradient of the colour map, for the legend beside the grid.</summary>
    public static string CssGradient(HeatmapStyle style) => style.ColorMap == ColorMaps.Confidence
        ? "linear-gradient(to right, rgb(230 30 30 / 15%), rgb(230 30 30))"
        : "linear-gradient(to right, " + string.Join(", ", Scale(style, 0).Select(s => (string)((object[])s)[1])) + ")";

    private static float[] Grey(ImageBatch picture)
    {
        var plane = picture.Height * picture.Width;
        var grey = new float[plane];
        for (var i = 0; i < plane; i++)
        {
            grey[i] = picture.Channels == 3
                ? (0.299f * picture.Pixels[i]) + (0.587f * picture.Pixels[plane + i]) + (0.114f * picture.Pixels[(2 * plane) + i])
                : picture.Pixels[i];
        }

        return grey;
    }

    private static List<object> Rows(float[] values, int height, int width) =>
        Enumerable.Range(0, height).Select(y => (object)values.AsSpan(y * width, width).ToArray()).ToList();
}
