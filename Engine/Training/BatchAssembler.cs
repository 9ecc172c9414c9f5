using ExplainHub.Engine.Data;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Training;

/// <summary>Gathers images by index into one reused float buffer (scaled to [0,1]) and their labels.</summary>
internal sealed class BatchAssembler
{
    private readonly ImageSet images;
    private readonly float[] pixels;
    private readonly long[] labels;

    public BatchAssembler(ImageSet images, int capacity)
    {
        this.images = images;
        if ((long)capacity * images.ImageSize > Array.MaxLength)
        {
            throw new EngineException(EngineErrorKind.InvalidRequest,
                $"A batch of {capacity:N0} images of {images.ImageSize:N0} values is more than one buffer holds; use batches of at most {Array.MaxLength / images.ImageSize:N0} for these images.");
        }

        pixels = new float[capacity * images.ImageSize];
        labels = new long[capacity];
    }

    public (ReadOnlyMemory<float> Images, ReadOnlyMemory<long> Labels) Gather(ReadOnlySpan<int> indices)
    {
        var size = images.ImageSize;
        for (var i = 0; i < indices.Length; i++)
        {
            images.CopyScaled(indices[i], pixels.AsSpan(i * size, size));
            labels[i] = images.Labels[indices[i]];
        }

        return (pixels.AsMemory(0, indices.Length * size), labels.AsMemory(0, indices.Length));
    }
}
