namespace ExplainHub.Shared;

/// <summary>Importance functions the engine knows. Strings on the wire so that a newer engine can add methods.</summary>
public static class ExplanationMethods
{
    /// <summary>Class activation map of a GAP→linear head (Zhou et al.; seed 001).</summary>
    public const string Cam = "cam";
}

/// <summary>
/// Explain images of a data set with one importance function. <see cref="TargetClass"/> null means
/// "the predicted class" for each image.
/// </summary>
public sealed record ExplainRequest(
    string ModelId,
    string DatasetId,
    DatasetSplit Split,
    IReadOnlyList<int> Indices,
    string Method = ExplanationMethods.Cam,
    int? TargetClass = null);

/// <summary>
/// One heat map: <see cref="Heatmap"/> in [0,1] and the raw signed map, both Height×Width row-major at
/// input resolution, with the prediction it explains.
/// </summary>
public sealed record Explanation(
    int Index,
    int Label,
    int TargetClass,
    int PredictedClass,
    float Probability,
    int Height,
    int Width,
    float[] Heatmap,
    float[] RawMap);

public sealed record ExplanationBatch(string ModelId, string Method, IReadOnlyList<Explanation> Explanations);
