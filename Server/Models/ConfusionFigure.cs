using ExplainHub.Server.Training;
using ExplainHub.Shared;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;

namespace ExplainHub.Server.Models;

/// <summary>A confusion matrix as a plotly heat map: rows the true class, columns the predicted one, counts written in and on hover.</summary>
public static class ConfusionFigure
{
    public static IList<ITrace> Data(ClassificationReport report, IReadOnlyList<string> classNames)
    {
        var names = Enumerable.Range(0, report.ConfusionMatrix.Count).Select(i => (object)CamGrid.ClassName(classNames, i)).ToList();
        return
        [
            new HeatMap
            {
                Z = report.ConfusionMatrix.Select(row => (object)row.ToArray()).ToList(),
                X = names,
                Y = names,
                ColorScale = "Blues",
                ReverseScale = true, // plotly's Blues runs dark to light; many images should be the dark end
                TextTemplate = "%{z}",
                HoverTemplate = "true %{y}<br>predicted %{x}<br>%{z} images<extra></extra>",
                ColorBar = new Plotly.Blazor.Traces.HeatMapLib.ColorBar { Thickness = 12 },
            },
        ];
    }

    public static Plotly.Blazor.Layout Layout() => new()
    {
        Height = 460,
        Margin = new Margin { L = 110, R = 10, T = 10, B = 100 },
        XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "predicted" } }],
        YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "true" }, AutoRange = Plotly.Blazor.LayoutLib.YAxisLib.AutoRangeEnum.Reversed }],
        PaperBgColor = "rgba(0,0,0,0)",
        PlotBgColor = "rgba(0,0,0,0)",
        Font = new Font { Color = "#888" },
    };
}
