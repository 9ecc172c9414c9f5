namespace ExplainHub.Engine.Networks;

/// <summary>Gradients with respect to the input, Count×Channels×Height×Width, the classes they are of and the softmax rows.</summary>
public sealed record InputGradients(int Count, int Channels, int Height, int Width, float[] Values, long[] Targets, float[] Probabilities);
