namespace ExplainHub.Server.Training;

/// <summary>
/// A named, append-only list of points. Append-only on purpose: the chart sends only the points added since its
/// last update (plotly's extendTraces), so rewriting history would leave the browser out of sync.
/// </summary>
public sealed class CurveSeries(string name)
{
    private readonly List<CurvePoint> _points = [];

    public string Name { get; } = name;

    public IReadOnlyList<CurvePoint> Points => _points;

    public CurvePoint? Last => _points.Count == 0 ? null : _points[^1];

    internal void Add(CurvePoint point) => _points.Add(point);

    internal void Clear() => _points.Clear();
}
