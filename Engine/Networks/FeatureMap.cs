namespace ExplainHub.Engine.Networks;

/// <summary>One convolution's activations for one image: Channels×Height×Width, row-major, after its batch norm and ReLU.</summary>
public sealed record FeatureMap(string Layer, int Channels, int Height, int Width, float[] Values);
