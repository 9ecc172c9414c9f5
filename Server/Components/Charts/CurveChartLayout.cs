using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;

namespace ExplainHub.Server.Components.Charts;

/// <summary>The plotly layout of a live curve chart: titled axes, Y from zero or a fixed range, legend below, zoom kept across updates.</summary>
public static class CurveChartLayout
{
    public static Plotly.Blazor.Layout Of(string title, string xTitle, string? yTitle, double[]? yRange) => new()
    {
        Title = new Title { Text = title, Font = new Plotly.Blazor.LayoutLib.TitleLib.Font { Size = 15 } },
        XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = xTitle }, RangeMode = Plotly.Blazor.LayoutLib.XAxisLib.RangeModeEnum.ToZero }],
        YAxis = [yRange is { Length: 2 }
            ? new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = yTitle ?? string.Empty }, Range = [yRange[0], yRange[1]] }
            : new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = yTitle ?? string.Empty }, RangeMode = Plotly.Blazor.LayoutLib.YAxisLib.RangeModeEnum.ToZero }],
        Margin = new Margin { L = 55, R = 15, T = 40, B = 45 },
        Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = -0.25m }],
        PaperBgColor = "rgba(0,0,0,0)",
        PlotBgColor = "rgba(0,0,0,0)",
        Font = new Font { Color = "#888" },
        UiRevision = "keep-zoom",
    };
}
