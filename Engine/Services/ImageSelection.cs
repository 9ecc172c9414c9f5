using ExplainHub.Engine.Data;
using ExplainHub.Engine.Models;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Services;

/// <summary>The checks every request that names a model, a data set's split and image indices goes through.</summary>
public static class ImageSelection
{
    public const int MaxImagesPerRequest = ExplainRequest.MaxImages;

    public static (IClassifier Model, ImageSet Part) Resolve(ModelStore models, DatasetCatalog datasets, string modelId, string datasetId,
        DatasetSplit split, IReadOnlyList<int> indices)
    {
        var model = models.Get(modelId);
        var dataset = datasets.Get(datasetId);
        CheckShape(model, dataset);
        var part = dataset.Part(split);
        CheckIndices(indices, part.Count, split);
        return (model, part);
    }

    public static void CheckShape(IClassifier model, IDataset dataset)
    {
        var info = dataset.Info;
        if (info.Channels != model.Channels || info.Height != model.Height || info.Width != model.Width)
        {
            throw new EngineException(EngineErrorKind.InvalidRequest,
                $"Model '{model.Info.Id}' takes {model.Channels}×{model.Height}×{model.Width} images; data set '{info.Id}' has {info.Channels}×{info.Height}×{info.Width}.");
        }
    }

    /// <summary>The chosen images scaled to [0,1], one after another.</summary>
    public static float[] Scaled(ImageSet part, IReadOnlyList<int> indices)
    {
        var images = new float[indices.Count * part.ImageSize];
        for (var i = 0; i < indices.Count; i++)
        {
            part.CopyScaled(indices[i], images.AsSpan(i * part.ImageSize, part.ImageSize));
        }

        return images;
    }

    public static void CheckIndices(IReadOnlyList<int> indices, int count, DatasetSplit split, int limit = MaxImagesPerRequest)
    {
        if (indices.Count == 0 || indices.Count > limit)
        {
            throw new EngineException(EngineErrorKind.InvalidRequest, $"Ask for 1 to {limit} images, not {indices.Count}.");
        }

        foreach (var index in indices)
        {
            if (index < 0 || index >= count)
            {
                throw new EngineException(EngineErrorKind.InvalidRequest,
                    $"Image index {index} is outside the {split.ToString().ToLowerInvariant()} split (0..{count - 1}).");
            }
        }
    }
}
