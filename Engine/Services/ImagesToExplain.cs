using ExplainHub.Engine.Data;
using ExplainHub.Engine.Imaging;
using ExplainHub.Engine.Models;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Services;

/// <summary>
/// The images one explanation request is about, scaled to [0,1] as the model reads them: a split's images by index,
/// or uploaded files converted to the model's input (<see cref="Uploaded"/> then holds their pixels).
/// </summary>
public sealed record ImagesToExplain(float[] Scaled, IReadOnlyList<int> Indices, IReadOnlyList<int> Labels, ImageBatch? Uploaded,
    IReadOnlyList<string> Notices)
{
    /// <summary>
    /// A split's images by index; <paramref name="limit"/> is how many the caller may hold (an evaluation takes more
    /// than one explanation request).
    /// </summary>
    public static ImagesToExplain FromSplit(IClassifier model, DatasetCatalog datasets, string datasetId, DatasetSplit split, IReadOnlyList<int> indices,
        int limit = ImageSelection.MaxImagesPerRequest)
    {
        var dataset = datasets.Get(datasetId);
        ImageSelection.CheckShape(model, dataset);
        var part = dataset.Part(split);
        ImageSelection.CheckIndices(indices, part.Count, split, limit);
        return new(ImageSelection.Scaled(part, indices), indices, indices.Select(i => part.Labels[i]).ToArray(), null, []);
    }

    public static ImagesToExplain FromUploads(IClassifier model, IReadOnlyList<UploadedImage> uploads)
    {
        var (images, notices) = UploadConversion.ToModelInput(uploads, model.Channels, model.Height, model.Width);
        var scaled = new float[images.Pixels.Length];
        for (var i = 0; i < scaled.Length; i++)
        {
            scaled[i] = images.Pixels[i] / 255f;
        }

        return new(scaled, images.Indices, images.Labels, images, notices);
    }
}
