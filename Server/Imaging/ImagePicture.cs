using ExplainHub.Engine.Imaging;
using ExplainHub.Shared;

namespace ExplainHub.Server.Imaging;

/// <summary>An image of a batch as the pages show it: enlarged by pixel replication, a PNG data URL.</summary>
public static class ImagePicture
{
    /// <summary>Image <paramref name="index"/> of <paramref name="batch"/> (planes C×H×W), enlarged to about <paramref name="side"/> pixels, never shrunk.</summary>
    public static string DataUrl(ImageBatch batch, int index, int side)
    {
        var (channels, height, width) = (batch.Channels, batch.Height, batch.Width);
        var scale = Math.Max(1, side / Math.Max(height, width));
        var size = channels * height * width;
        var planes = MapEnlargement.EnlargeNearest(batch.Pixels.AsSpan(index * size, size), channels, height, width, scale);
        var plane = height * width * scale * scale;
        var interleaved = channels == 1 ? planes : new byte[planes.Length]; // PNG rows hold a pixel's channels together
        if (channels > 1)
        {
            for (var p = 0; p < plane; p++)
            {
                for (var c = 0; c < channels; c++)
                {
                    interleaved[(p * channels) + c] = planes[(c * plane) + p];
                }
            }
        }

        return PngEncoder.ToDataUrl(ImageCodec.Encode(interleaved, height * scale, width * scale, channels));
    }
}
