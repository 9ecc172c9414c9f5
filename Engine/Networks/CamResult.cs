namespace ExplainHub.Engine.Networks;

/// <summary>Raw class activation maps (Count×Height×Width), the classes they explain and the softmax rows.</summary>
public sealed record CamResult(int Count, int Height, int Width, int Classes, float[] Maps, long[] Targets, float[] Probabilities);
