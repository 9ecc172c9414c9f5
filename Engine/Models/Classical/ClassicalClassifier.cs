using ExplainHub.Shared;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// The part every classical classifier shares: its info, the image shape it takes (pixels are its features, in
/// [0,1]) and the input check. Families implement <see cref="PredictRows"/> and <see cref="Save"/>.
/// </summary>
public abstract class ClassicalClassifier : IClassifier
{
    protected ClassicalClassifier(ModelInfo info, ImageShape shape)
    {
        Info = info;
        Shape = shape;
    }

    public ModelInfo Info { get; private set; }

    public ImageShape Shape { get; }

    public int Channels => Shape.Channels;

    public int Height => Shape.Height;

    public int Width => Shape.Width;

    public int ClassCount => Info.ClassNames.Count;

    public virtual int PredictionBatch => 256;

    public float[] PredictProbabilities(ReadOnlySpan<float> images, int count)
    {
        if (count <= 0 || images.Length != (long)count * Shape.Pixels)
        {
            throw new EngineException(EngineErrorKind.InvalidRequest,
                $"Expected {count} images of {Channels}×{Height}×{Width} = {(long)count * Shape.Pixels} values, got {images.Length}.");
        }

        return PredictRows(images, count);
    }

    /// <summary>Count×ClassCount probabilities (each row sums to 1) for count rows of Shape.Pixels features.</summary>
    protected abstract float[] PredictRows(ReadOnlySpan<float> rows, int count);

    public abstract void Save(string directory);

    public ClassicalClassifier WithInfo(ModelInfo info)
    {
        Info = info;
        return this;
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
