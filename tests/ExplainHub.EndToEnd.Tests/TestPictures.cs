using ExplainHub.Engine.Imaging;

namespace ExplainHub.EndToEnd.Tests;

/// <summary>Image files the browser tests upload: made here, so what the engine must do with them is known.</summary>
internal static class TestPictures
{
    /// <summary>A 56×56 RGB PNG, a bright 32×32 square on black: the engine must resize it to 28×28 and make it grey.</summary>
    public static byte[] BrightSquarePng()
    {
        var rgb = new byte[56 * 56 * 3];
        for (var y = 12; y < 44; y++)
        {
            rgb.AsSpan(((y * 56) + 12) * 3, 32 * 3).Fill(230);
        }

        return ImageCodec.Encode(rgb, 56, 56, 3);
    }
}
