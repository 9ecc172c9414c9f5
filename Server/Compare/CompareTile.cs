using ExplainHub.Shared;

namespace ExplainHub.Server.Compare;

public enum TileStatus
{
    /// <summary>The function does not apply to the model; <see cref="CompareTile.Message"/> says why.</summary>
    NotApplicable,
    Waiting,
    Ready,
    Failed,
}

/// <summary>One cell of the models × functions grid: its map once it has arrived, drawn in the page's style.</summary>
public sealed record CompareTile(
    string ModelId,
    string Method,
    TileStatus Status,
    string? Message = null,
    Explanation? Map = null,
    IReadOnlyList<MethodParameter>? Parameters = null,
    string? ImageUrl = null)
{
    /// <summary>The explained image's true class, when it has one (uploads do not).</summary>
    public bool? IsCorrect => Map is { Label: >= 0 } map ? map.PredictedClass == map.Label : null;
}
