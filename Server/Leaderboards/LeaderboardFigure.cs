using ExplainHub.Shared;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;

namespace ExplainHub.Server.Leaderboards;

/// <summary>Which score a leaderboard chart draws.</summary>
public enum LeaderboardMetric
{
    Scg,
    Ccg,
}

/// <summary>
/// One ρ of a leaderboard as grouped bars: a group per function (pairs last), a bar per model × base with its
/// standard error; plotly's own toolbar downloads it as PNG.
/// </summary>
public static class LeaderboardFigure
{
    public static IList<ITrace> Data(ScoreLeaderboard board, LeaderboardTable table, LeaderboardMetric metric, Func<string, string> modelName)
    {
        var functions = table.Rows.Select(r => (object)r.Function).ToList();
        return board.Columns.Select((column, j) => (ITrace)new Bar
        {
            Name = $"{modelName(column.ModelId)} · {column.Base}",
            X = functions,
            Y = table.Rows.Select(r => (object?)Value(r.Cells[j], metric)).ToList()!, // null: not scored, a gap (NaN cannot cross JSON)
            ErrorY = new Plotly.Blazor.Traces.BarLib.ErrorY
            {
                Array = table.Rows.Select(r => (object?)Error(r.Cells[j], metric) ?? 0.0).ToList(),
                Visible = true,
                Type = Plotly.Blazor.Traces.BarLib.ErrorYLib.TypeEnum.Data,
            },
        }).ToList();
    }

    public static Plotly.Blazor.Layout Layout(LeaderboardMetric metric, double rho) => new()
    {
        Title = new Title { Text = $"{(metric == LeaderboardMetric.Scg ? "SCG" : "CCG")} ×100 at ρ = {rho * 100:0.#}%" },
        BarMode = BarModeEnum.Group,
        Height = 340,
        Margin = new Margin { L = 50, R = 10, T = 40, B = 120 },
        YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = metric == LeaderboardMetric.Scg ? "SCG ×100" : "CCG ×100" } }],
        PaperBgColor = "rgba(0,0,0,0)",
        PlotBgColor = "rgba(0,0,0,0)",
        Font = new Font { Color = "#888" },
        Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = 1.15m }],
    };

    private static double? Value(LeaderboardCell? cell, LeaderboardMetric metric) =>
        (metric == LeaderboardMetric.Scg ? cell?.Summary.MeanScg : cell?.Summary.MeanCcg) * 100;

    private static double? Error(LeaderboardCell? cell, LeaderboardMetric metric) =>
        (metric == LeaderboardMetric.Scg ? cell?.Summary.StandardErrorScg : cell?.Summary.StandardErrorCcg) * 100;
}
