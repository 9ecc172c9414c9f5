namespace ExplainHub.Engine.Explain;

/// <summary>Images to explain (Count×C×H×W in [0,1], the model's shape) and one target class each (−1: the predicted class).</summary>
public sealed record ImportanceInput(float[] Images, int Count, long[] Targets)
{
    /// <summary>
    /// Cancels the work of a caller who left. Functions whose time grows with more than the image count (occlusion
    /// classifies hundreds of copies of each image) stop at their next batch; the others take milliseconds an image.
    /// </summary>
    public CancellationToken Cancellation { get; init; }

    public static ImportanceInput Predicted(float[] images, int count) => new(images, count, Enumerable.Repeat(-1L, count).ToArray());
}
