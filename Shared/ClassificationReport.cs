namespace ExplainHub.Shared;

/// <summary>Ask for a model's classification report on a data set split (all images, or the first <see cref="Limit"/>).</summary>
public sealed record ReportRequest(string ModelId, string DatasetId, DatasetSplit Split = DatasetSplit.Test, int? Limit = null);

/// <summary>Precision, recall, F1 and support of one class, or of an average over classes.</summary>
public sealed record ClassMetrics(string Name, double Precision, double Recall, double F1, int Support);

/// <summary>
/// scikit-learn's classification_report and confusion_matrix: per class, macro and support-weighted averages,
/// accuracy; <see cref="ConfusionMatrix"/>[true][predicted] counts images.
/// </summary>
public sealed record ClassificationReport(
    string ModelId,
    string DatasetId,
    DatasetSplit Split,
    IReadOnlyList<ClassMetrics> Classes,
    ClassMetrics MacroAverage,
    ClassMetrics WeightedAverage,
    double Accuracy,
    IReadOnlyList<IReadOnlyList<int>> ConfusionMatrix);
