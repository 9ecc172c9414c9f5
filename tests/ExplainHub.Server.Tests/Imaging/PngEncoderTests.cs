using ExplainHub.Engine.Imaging;
using ExplainHub.Engine.Native;

namespace ExplainHub.Server.Tests.Imaging;

public sealed class PngEncoderTests
{
    [Fact]
    public void EncodeRgba_RoundTripsEveryPixelThroughTheCodec()
    {
        var rgba = Enumerable.Range(0, 3 * 2 * 4).Select(i => (byte)(i * 7)).ToArray();

        var decoded = ImageCodec.Decode(PngEncoder.EncodeRgba(rgba, width: 3, height: 2));

        Assert.Equal((3, 2, 4), (decoded.Width, decoded.Height, decoded.Channels));
        Assert.Equal(rgba, decoded.Pixels);
    }

    [Fact]
    public void EncodeGrey_RoundTripsEveryPixel()
    {
        var grey = Enumerable.Range(0, 28 * 28).Select(i => (byte)i).ToArray();

        var decoded = ImageCodec.Decode(PngEncoder.EncodeGrey(grey, 28, 28));

        Assert.Equal((28, 28, 1), (decoded.Width, decoded.Height, decoded.Channels));
        Assert.Equal(grey, decoded.Pixels);
    }

    [Fact]
    public void EncodeRgba_WrongBufferLength_IsRejected() =>
        Assert.Throws<ArgumentException>(() => PngEncoder.EncodeRgba(new byte[10], 2, 2));

    [Fact]
    public void ToDataUrl_IsABase64PngDataUrl()
    {
        var png = PngEncoder.EncodeGrey([0], 1, 1);

        var url = PngEncoder.ToDataUrl(png);

        Assert.StartsWith("data:image/png;base64,", url, StringComparison.Ordinal);
        Assert.Equal(png, Convert.FromBase64String(url["data:image/png;base64,".Length..]));
    }
}

