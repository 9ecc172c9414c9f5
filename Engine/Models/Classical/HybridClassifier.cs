using ExplainHub.Shared;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>A classical model built on its own copy of a trained network (CNN+SVM, SVM+Mask), which it owns and disposes.</summary>
public abstract class HybridClassifier : ClassicalClassifier
{
    protected HybridClassifier(ModelInfo info, ImageShape shape, ConvNetClassifier source)
        : base(info, shape)
    {
        if (source.Channels * source.Height * source.Width != shape.Pixels)
        {
            throw new ArgumentException($"The network takes {source.Channels}×{source.Height}×{source.Width} images, not {shape}.");
        }

        Source = source;
    }

    public ConvNetClassifier Source { get; }

    /// <summary>Loads the network saved beside a hybrid and builds the hybrid on it; the network is freed if that fails.</summary>
    protected static T LoadOnSource<T>(string directory, Func<ConvNetClassifier, T> build)
        where T : HybridClassifier
    {
        var source = SourceNetwork.Load(directory);
        try
        {
            return build(source);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Source.Dispose();
        }

        base.Dispose(disposing);
    }
}
