using ExplainHub.Server.Training;

namespace ExplainHub.Server.Components.Charts;

/// <summary>
/// What a live curve chart must send the browser so that it shows <c>series</c>: everything (first draw, a reset, a
/// different number of lines), only the points each line gained since the last call, or nothing. Sending only new
/// points keeps a long run's updates as small as its first ones.
/// </summary>
public sealed class CurveSync
{
    private int _generation = -1;
    private int[] _sent = [];

    /// <summary>Decides what to send and books it as sent.</summary>
    public CurveChange Next(IReadOnlyList<CurveSeries> series, int generation)
    {
        if (generation != _generation || series.Count != _sent.Length)
        {
            _generation = generation;
            _sent = series.Select(s => s.Points.Count).ToArray();
            return new CurveChange.Redraw();
        }

        var xs = new List<double[]>();
        var ys = new List<double[]>();
        var indices = new List<int>();
        for (var i = 0; i < series.Count; i++)
        {
            var points = series[i].Points;
            if (points.Count <= _sent[i])
            {
                continue;
            }

            var fresh = points.Skip(_sent[i]).ToArray();
            xs.Add(fresh.Select(p => p.X).ToArray());
            ys.Add(fresh.Select(p => p.Y).ToArray());
            indices.Add(i);
            _sent[i] = points.Count;
        }

        return indices.Count == 0 ? new CurveChange.None() : new CurveChange.Extend(new ChartExtension([.. xs], [.. ys], [.. indices]));
    }
}

/// <summary>One step of <see cref="CurveSync"/>.</summary>
public abstract record CurveChange
{
    public sealed record None : CurveChange;

    public sealed record Redraw : CurveChange;

    public sealed record Extend(ChartExtension Points) : CurveChange;
}
