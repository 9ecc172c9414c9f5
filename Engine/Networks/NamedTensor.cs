namespace ExplainHub.Engine.Networks;

/// <summary>One tensor of a network's state: its dotted name (as in PyTorch's state_dict), shape and float32 values, row-major.</summary>
public sealed record NamedTensor(string Name, long[] Shape, float[] Values);
