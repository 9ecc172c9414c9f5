namespace ExplainHub.Engine.Explain;

/// <summary>Images to explain (Count×C×H×W in [0,1], the model's shape) and one target class each (−1: the predicted class).</summary>
public sealed record ImportanceInput(float[] Images, int Count, long[] Targets)
{
    public static ImportanceInput Predicted(float[] images, int count) => new(images, count, Enumerable.Repeat(-1L, count).ToArray());
}
