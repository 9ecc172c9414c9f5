namespace ExplainHub.Server.Components.Charts;

/// <summary>New points for some lines of a chart, in plotly.extendTraces' shape: one X and one Y array per line index.</summary>
public sealed record ChartExtension(double[][] X, double[][] Y, int[] Indices);
