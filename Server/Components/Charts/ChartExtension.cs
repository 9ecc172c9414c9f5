namespace ExplainHub.Server.Components.Charts;

/// <summary>New points for some traces, in plotly.extendTraces' shape: one X and one Y array per trace index.</summary>
public sealed record ChartExtension(double[][] X, double[][] Y, int[] Indices);
