using ExplainHub.Server.Compare;
using ExplainHub.Shared;

namespace ExplainHub.Server.Sessions.Snapshots;

/// <summary>
/// Everything a Compare grid showed, kept so that it can be shown again exactly, whatever happens to the models later:
/// the image as the models saw it, every tile's map and prediction, the agreement scores, and which models (by id and
/// weights hash) made them.
/// </summary>
public sealed record CompareSnapshot(
    SharedView View,
    string ImageDescription,
    ImageBatch Picture,
    IReadOnlyList<string> ClassNames,
    IReadOnlyList<SnapshotModel> Models,
    IReadOnlyList<SnapshotColumn> Columns,
    IReadOnlyList<CompareTile> Tiles,
    AgreementTable? Agreement,
    HeatmapStyle Style)
{
    /// <summary>More would be a grid nobody can read; it also bounds what one snapshot writes to disk.</summary>
    public const int MaxTiles = SharedView.MaxModels * SharedView.MaxMethods;
}

/// <summary>A model as it was when the snapshot was taken.</summary>
public sealed record SnapshotModel(string Id, string Name, string Kind, double? TestAccuracy, string? WeightsHash);

/// <summary>An importance function's column: its name, and its title with the parameters it ran with.</summary>
public sealed record SnapshotColumn(string Method, string Title);

/// <summary>Who took a snapshot, when, and what it is called.</summary>
public sealed record SnapshotInfo(Guid Id, string Title, string TakenBy, DateTimeOffset TakenAt, Guid? SessionId);

/// <summary>A snapshot read back by its link.</summary>
public sealed record OpenedSnapshot(SnapshotInfo Info, CompareSnapshot Content);

/// <summary>A snapshot just taken, with the token of its link (shown once).</summary>
public sealed record TakenSnapshot(SnapshotInfo Info, string Token);
