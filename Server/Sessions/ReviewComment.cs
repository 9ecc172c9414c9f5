namespace ExplainHub.Server.Sessions;

/// <summary>
/// Where a comment is pinned: a tile (model, function) of one image, and a pixel (<see cref="Width"/> = <see cref="Height"/>
/// = 1) or rectangle in the map's own pixels.
/// </summary>
public sealed record CommentAnchor(string ImageKey, string ModelId, string Method, int X, int Y, int Width = 1, int Height = 1)
{
    public const int MaxSide = 4096;

    public string? Problem() =>
        string.IsNullOrWhiteSpace(ImageKey) || string.IsNullOrWhiteSpace(ModelId) || string.IsNullOrWhiteSpace(Method)
            ? "A comment is pinned to an image, a model and a function."
            : ImageKey.Length > SharedView.MaxIdLength || ModelId.Length > SharedView.MaxIdLength || Method.Length > SharedView.MaxIdLength
                ? "The comment's place has too long a name."
                : X < 0 || Y < 0 || Width < 1 || Height < 1 || Width > MaxSide - X || Height > MaxSide - Y
                    ? "A comment's place is a pixel or rectangle inside the map."
                    : null;

    public bool IsOn(string imageKey, TileRef tile) => ImageKey == imageKey && ModelId == tile.ModelId && Method == tile.Method;
}

public sealed record ReviewComment(
    Guid Id,
    string Author,
    string Text,
    CommentAnchor Anchor,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ResolvedAt = null,
    string? ResolvedBy = null)
{
    public const int MaxLength = 2000;

    public bool IsResolved => ResolvedAt is not null;

    public static string CheckText(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        return trimmed.Length switch
        {
            0 => throw new SessionRefusedException("A comment needs some text."),
            > MaxLength => throw new SessionRefusedException($"A comment has at most {MaxLength} characters."),
            _ => trimmed,
        };
    }
}
