using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

/// <summary>The document <c>predict --json</c> writes.</summary>
internal sealed record PredictResult(
    string ModelId,
    string DatasetId,
    DatasetSplit Split,
    IReadOnlyList<string> ClassNames,
    IReadOnlyList<PredictedImage> Predictions);
