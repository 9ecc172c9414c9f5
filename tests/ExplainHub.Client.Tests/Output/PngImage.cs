namespace ExplainHub.Client.Tests.Output;

/// <summary>A decoded PNG: Height×Width×Channels bytes, row-major.</summary>
internal sealed record PngImage(int Width, int Height, int Channels, byte[] Pixels)
{
    public ReadOnlySpan<byte> Pixel(int x, int y) => Pixels.AsSpan(((y * Width) + x) * Channels, Channels);
}
