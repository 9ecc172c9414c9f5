namespace ExplainHub.Server.Components.Charts;

/// <summary>Axis titles and fixed range of a chart; a null <see cref="YRange"/> lets plotly autoscale.</summary>
public sealed record ChartLayout(string Title, string XTitle, string? YTitle, double[]? YRange);
