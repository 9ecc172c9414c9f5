using ExplainHub.Shared;

namespace ExplainHub.Engine.Data;

/// <summary>A data set built in memory: importers produce these, tests make small ones with known answers.</summary>
public sealed class InMemoryDataset : IDataset
{
    public InMemoryDataset(
        string id,
        string name,
        int channels,
        int height,
        int width,
        IReadOnlyList<string> classNames,
        byte[] trainPixels,
        int[] trainLabels,
        byte[] testPixels,
        int[] testLabels,
        byte[]? validationPixels = null,
        int[]? validationLabels = null)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new ArgumentException("A data set needs an id.", nameof(id));
        }

        if (channels <= 0 || height <= 0 || width <= 0)
        {
            throw new ArgumentException($"Image shape {channels}×{height}×{width} must be positive.", nameof(channels));
        }

        if (classNames.Count < 2)
        {
            throw new ArgumentException("A classification data set needs at least two classes.", nameof(classNames));
        }

        var imageSize = channels * height * width;
        Train = new ImageSet(imageSize, trainPixels, trainLabels);
        Test = new ImageSet(imageSize, testPixels, testLabels);
        Validation = new ImageSet(imageSize, validationPixels ?? [], validationLabels ?? []);
        CheckLabels(trainLabels, classNames.Count, "train");
        CheckLabels(testLabels, classNames.Count, "test");
        CheckLabels(Validation.Labels, classNames.Count, "validation");
        Info = new DatasetInfo(id, name, channels, height, width, classNames, Train.Count, Test.Count, Validation.Count);
    }

    public DatasetInfo Info { get; }

    public ImageSet Train { get; }

    public ImageSet Test { get; }

    public ImageSet Validation { get; }

    private static void CheckLabels(int[] labels, int classes, string part)
    {
        for (var i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
            {
                throw new ArgumentException($"{part} label {labels[i]} at index {i} is outside 0..{classes - 1}.", nameof(labels));
            }
        }
    }
}
