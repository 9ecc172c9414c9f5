using ExplainHub.Engine.Imaging;
using ExplainHub.Shared;

namespace ExplainHub.Server.Training;

/// <summary>Chooses which test images the CAM grid shows and turns explanations into <see cref="CamTile"/>s.</summary>
public static class CamGrid
{
    /// <summary>
    /// <paramref name="count"/> indices spread evenly over the split, moved along by <paramref name="page"/>.
    /// Evenly spread rather than the first N because a split stored class by class would otherwise show one class.
    /// </summary>
    public static IReadOnlyList<int> PickIndices(int splitSize, int count, int page)
    {
        if (splitSize <= 0 || count <= 0)
        {
            return [];
        }

        count = Math.Min(count, splitSize);
        var indices = new int[count];
        for (var k = 0; k < count; k++)
        {
            var evenlySpread = (long)k * splitSize / count;
            indices[k] = (int)((evenlySpread + (long)Math.Max(page, 0)) % splitSize);
        }

        return indices;
    }

    /// <summary>Draws each explanation over its image; explanations and images are matched by data-set index.</summary>
    public static IReadOnlyList<CamTile> BuildTiles(
        ExplanationBatch explanations,
        ImageBatch images,
        IReadOnlyList<string> classNames)
    {
        var imageSize = images.Channels * images.Height * images.Width;
        var positions = new Dictionary<int, int>(images.Indices.Count);
        for (var i = 0; i < images.Indices.Count; i++)
        {
            positions.TryAdd(images.Indices[i], i);
        }

        var tiles = new List<CamTile>(explanations.Explanations.Count);
        foreach (var explanation in explanations.Explanations)
        {
            if (!positions.TryGetValue(explanation.Index, out var position))
            {
                throw new InvalidOperationException($"The engine explained image {explanation.Index} but did not return its pixels.");
            }

            if (explanation.Height != images.Height || explanation.Width != images.Width)
            {
                throw new InvalidOperationException(
                    $"Heat map of image {explanation.Index} is {explanation.Height}×{explanation.Width}, the image {images.Height}×{images.Width}.");
            }

            var pixels = images.Pixels.AsSpan(position * imageSize, imageSize);
            var png = CamOverlay.RenderPng(
                pixels, images.Channels, images.Width, images.Height, explanation.Heatmap, explanation.Probability);
            tiles.Add(new CamTile(
                explanation.Index,
                PngEncoder.ToDataUrl(png),
                ClassName(classNames, explanation.PredictedClass),
                explanation.Probability,
                ClassName(classNames, explanation.Label),
                CamOverlay.IsConfident(explanation.Probability),
                explanation.PredictedClass == explanation.Label));
        }

        return tiles;
    }

    public static string ClassName(IReadOnlyList<string> classNames, int index) =>
        index >= 0 && index < classNames.Count ? classNames[index] : $"class {index}";
}
