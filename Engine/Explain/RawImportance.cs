namespace ExplainHub.Engine.Explain;

/// <summary>Signed importance maps before normalisation, with the classes they explain and the probabilities.</summary>
public sealed record RawImportance(int Count, int Height, int Width, float[] Maps, long[] Targets, float[] Probabilities);
