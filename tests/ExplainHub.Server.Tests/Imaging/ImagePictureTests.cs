using ExplainHub.Engine.Imaging;
using ExplainHub.Server.Imaging;
using ExplainHub.Shared;

namespace ExplainHub.Server.Tests.Imaging;

public sealed class ImagePictureTests
{
    [Fact]
    public void AnRgbImage_IsEnlargedByPixelReplication_WithItsPlanesInterleaved()
    {
        // Two 1×2 RGB images as planes: the second one is pixel (10,20,30) then (40,50,60).
        byte[] pixels = [0, 0, 0, 0, 0, 0, 10, 40, 20, 50, 30, 60];
        var batch = new ImageBatch(2, 3, 1, 2, pixels, [0, 1], [0, 1]);

        var decoded = Decode(ImagePicture.DataUrl(batch, 1, side: 4));

        Assert.Equal((2, 4, 3), (decoded.Height, decoded.Width, decoded.Channels)); // 1×2 → 2×4
        Assert.Equal([10, 20, 30, 10, 20, 30, 40, 50, 60, 40, 50, 60], decoded.Pixels.AsSpan(0, 12).ToArray());
        Assert.Equal(decoded.Pixels.AsSpan(0, 12).ToArray(), decoded.Pixels.AsSpan(12, 12).ToArray()); // second row the same
    }

    [Fact]
    public void AGreyImage_StaysGrey_AndIsNeverShrunk()
    {
        var batch = new ImageBatch(1, 1, 2, 2, [0, 85, 170, 255], [0], [0]);

        var decoded = Decode(ImagePicture.DataUrl(batch, 0, side: 1));

        Assert.Equal((2, 2, 1), (decoded.Height, decoded.Width, decoded.Channels));
        Assert.Equal([0, 85, 170, 255], decoded.Pixels);
    }

    private static DecodedImage Decode(string url) =>
        ImageCodec.Decode(Convert.FromBase64String(url["data:image/png;base64,".Length..]));
}
