namespace ExplainHub.Engine.Data.Import;

/// <summary>Collects the images of one split as they are read, each C×H×W bytes, then hands them over whole.</summary>
internal sealed class SplitBuilder(int imageSize)
{
    private readonly List<byte[]> images = [];
    private readonly List<int> labels = [];

    public int Count => labels.Count;

    public void Add(ReadOnlySpan<byte> image, int label)
    {
        if (image.Length != imageSize)
        {
            throw new ArgumentException($"Expected {imageSize} bytes an image, got {image.Length}.", nameof(image));
        }

        images.Add(image.ToArray());
        labels.Add(label);
    }

    public (byte[] Pixels, int[] Labels) Build()
    {
        var pixels = new byte[(long)images.Count * imageSize];
        for (var i = 0; i < images.Count; i++)
        {
            images[i].CopyTo(pixels, (long)i * imageSize);
        }

        return (pixels, labels.ToArray());
    }
}
