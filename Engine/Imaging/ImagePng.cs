namespace ExplainHub.Engine.Imaging;

/// <summary>An image as the models read it (planes C×H×W, grey or RGB) as a PNG, enlarged by pixel replication.</summary>
public static class ImagePng
{
    /// <summary>[0,1] values to 0–255 bytes (clamped and rounded; what is not a number is black).</summary>
    public static byte[] ToBytes(ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            bytes[i] = (byte)Math.Round(Math.Clamp(float.IsFinite(v) ? v : 0, 0, 1) * 255);
        }

        return bytes;
    }

    public static byte[] FromValues(ReadOnlySpan<float> values, int channels, int height, int width, int scale) =>
        FromPlanes(ToBytes(values), channels, height, width, scale);

    public static byte[] FromPlanes(ReadOnlySpan<byte> planes, int channels, int height, int width, int scale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        var enlarged = MapEnlargement.EnlargeNearest(planes, channels, height, width, scale);
        var plane = height * width * scale * scale;
        var interleaved = channels == 1 ? enlarged : new byte[enlarged.Length]; // PNG rows hold a pixel's channels together
        if (channels > 1)
        {
            for (var p = 0; p < plane; p++)
            {
                for (var c = 0; c < channels; c++)
                {
                    interleaved[(p * channels) + c] = enlarged[(c * plane) + p];
                }
            }
        }

        return ImageCodec.Encode(interleaved, height * scale, width * scale, channels);
    }
}
