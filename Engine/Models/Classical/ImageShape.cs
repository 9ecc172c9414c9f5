namespace ExplainHub.Engine.Models.Classical;

/// <summary>The C×H×W shape of the images a model takes; its pixel count is the feature dimension.</summary>
public sealed record ImageShape(int Channels, int Height, int Width)
{
    public int Pixels => Channels * Height * Width;
}
