using ExplainHub.Shared;

namespace ExplainHub.Client.Tests.Fakes;

/// <summary>Small known images, models and explanations for CLI tests.</summary>
internal static class TestImages
{
    public const int Side = 28;

    public static readonly string[] ClassNames = ["T-shirt/top", "Trouser"];

    public static ModelInfo Model(string id = "m-1") =>
        new(id, "test model", ModelKinds.SeedCnn, "tiny", ClassNames, 0.9, 1234, DateTimeOffset.UnixEpoch);

    /// <summary>A horizontal grey ramp: pixel (y, x) = 9·x.</summary>
    public static byte[] Ramp()
    {
        var pixels = new byte[Side * Side];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(9 * (i % Side));
        }

        return pixels;
    }

    public static ImageBatch Images(ImagesRequest request) =>
        new(1, 1, Side, Side, Ramp(), [1], request.Indices);

    /// <summary>Heat only in the top-left quarter; raw map = heat − 0.25 so it has both signs.</summary>
    public static ExplanationBatch Explanation(ExplainRequest request, float probability = 0.99f)
    {
        var heat = new float[Side * Side];
        for (var y = 0; y < Side / 2; y++)
        {
            for (var x = 0; x < Side / 2; x++)
            {
                heat[(y * Side) + x] = 1;
            }
        }

        var raw = heat.Select(h => h - 0.25f).ToArray();
        return new ExplanationBatch(
            request.ModelId,
            request.Method,
            [new Explanation(request.Indices[0], 1, 1, 1, probability, Side, Side, heat, raw)]);
    }
}
