namespace ExplainHub.Engine.Models.Classical;

/// <summary>A tree ensemble whose output per class is a sum over its trees, so TreeSHAP splits it among the pixels.</summary>
public interface ITreeContributionModel
{
    /// <summary>How many trees the ensemble holds (each over all classes, or one per class and member).</summary>
    int TreeCount { get; }

    /// <summary>
    /// Per row and class, each pixel's contribution and, last, the bias: count×classes×(pixels + 1). A class's entries
    /// sum to the ensemble's output for it (a probability or a softmax margin, as the ensemble defines it).
    /// </summary>
    double[] Contributions(ReadOnlySpan<float> rows, int count);
}
