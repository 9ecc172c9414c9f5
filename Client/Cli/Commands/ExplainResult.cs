using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

/// <summary>The document <c>explain --json</c> writes: the prediction explained and the absolute paths of its files.</summary>
internal sealed record ExplainResult(
    string ModelId,
    string DatasetId,
    DatasetSplit Split,
    int Index,
    string Method,
    int Label,
    string LabelName,
    int PredictedClass,
    string PredictedName,
    int TargetClass,
    string TargetName,
    float Probability,
    string Overlay,
    string RawMap,
    string Heatmap,
    IReadOnlyList<MethodParameter>? Parameters = null);
