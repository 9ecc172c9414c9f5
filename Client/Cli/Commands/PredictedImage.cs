namespace ExplainHub.Client.Cli.Commands;

/// <summary>One row of <c>predict --json</c>: the prediction with class names, so scripts need no second lookup.</summary>
internal sealed record PredictedImage(
    int Index,
    int Label,
    string LabelName,
    int PredictedClass,
    string PredictedName,
    float Probability,
    IReadOnlyList<float> Probabilities);
