using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

/// <summary>
/// The document <c>explain</c> writes beside its maps (and prints with <c>--json</c>): the image (a split's
/// <see cref="Index"/> or an <see cref="ImageFile"/>), the prediction explained, the absolute paths of the files, the
/// method's parameters, how the map was drawn and how an uploaded image was converted. <see cref="LabelName"/> is
/// null for a file: it has no true label.
/// </summary>
internal sealed record ExplainResult(
    string ModelId,
    string DatasetId,
    DatasetSplit Split,
    int? Index,
    string? ImageFile,
    string Method,
    int Label,
    string? LabelName,
    int PredictedClass,
    string PredictedName,
    int TargetClass,
    string TargetName,
    float Probability,
    string Overlay,
    string RawMap,
    string Heatmap,
    string Document,
    IReadOnlyList<MethodParameter>? Parameters,
    HeatmapStyle Style,
    IReadOnlyList<string> Notices);
