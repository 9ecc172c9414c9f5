namespace ExplainHub.Engine.Imaging;

/// <summary>A decoded image: Height×Width×Channels bytes (1 grey, 3 RGB, 4 RGBA), row-major.</summary>
public sealed record DecodedImage(int Height, int Width, int Channels, byte[] Pixels);
