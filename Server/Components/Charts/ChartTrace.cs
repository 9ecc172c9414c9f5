namespace ExplainHub.Server.Components.Charts;

/// <summary>A line of a chart as charts.js receives it.</summary>
public sealed record ChartTrace(string Name, double[] X, double[] Y);
