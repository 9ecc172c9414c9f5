using ExplainHub.Shared;

namespace ExplainHub.Server.Sessions;

/// <summary>One field of the shared view; concurrent edits are resolved per field (last writer wins).</summary>
public enum ViewField
{
    Dataset,
    Image,
    Models,
    Methods,
    Parameters,
    TargetClass,
    ColorMap,
    Opacity,
    Enlarged,
}

/// <summary>The image a session looks at: one of the data set's split, or an upload of the session.</summary>
public sealed record ViewImage(DatasetSplit Split, int Index, Guid? UploadId = null)
{
    public static ViewImage OfUpload(Guid uploadId) => new(DatasetSplit.Test, -1, uploadId);
}

/// <summary>A (model, function) tile of the grid.</summary>
public sealed record TileRef(string ModelId, string Method);

/// <summary>The parameters a function's column runs with.</summary>
public sealed record ColumnParameters(string Method, IReadOnlyList<MethodParameter> Parameters);

/// <summary>What everyone following a review session sees: the Compare page's choices, nothing computed.</summary>
public sealed record SharedView
{
    public const int MaxModels = 16;
    public const int MaxMethods = 32;
    public const int MaxIdLength = 200;

    public string? DatasetId { get; init; }

    public ViewImage? Image { get; init; }

    public IReadOnlyList<string> Models { get; init; } = [];

    public IReadOnlyList<string> Methods { get; init; } = [];

    public IReadOnlyList<ColumnParameters> Parameters { get; init; } = [];

    /// <summary>The class every map explains; null: each model's own prediction.</summary>
    public int? TargetClass { get; init; }

    public string ColorMap { get; init; } = new HeatmapStyle().ColorMap;

    public double Opacity { get; init; } = new HeatmapStyle().Opacity;

    public TileRef? Enlarged { get; init; }

    /// <summary>This view's <paramref name="field"/> with <paramref name="from"/>'s value.</summary>
    public SharedView With(ViewField field, SharedView from) => field switch
    {
        ViewField.Dataset => this with { DatasetId = from.DatasetId },
        ViewField.Image => this with { Image = from.Image },
        ViewField.Models => this with { Models = from.Models },
        ViewField.Methods => this with { Methods = from.Methods },
        ViewField.Parameters => this with { Parameters = from.Parameters },
        ViewField.TargetClass => this with { TargetClass = from.TargetClass },
        ViewField.ColorMap => this with { ColorMap = from.ColorMap },
        ViewField.Opacity => this with { Opacity = from.Opacity },
        ViewField.Enlarged => this with { Enlarged = from.Enlarged },
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not a field of the view."),
    };

    /// <summary>Whether <paramref name="field"/> holds the same value here and in <paramref name="other"/>.</summary>
    public bool SameAs(ViewField field, SharedView other) => field switch
    {
        ViewField.Dataset => DatasetId == other.DatasetId,
        ViewField.Image => Image == other.Image,
        ViewField.Models => Models.SequenceEqual(other.Models),
        ViewField.Methods => Methods.SequenceEqual(other.Methods),
        ViewField.Parameters => Parameters.Count == other.Parameters.Count && Parameters.Zip(other.Parameters)
            .All(p => p.First.Method == p.Second.Method && p.First.Parameters.SequenceEqual(p.Second.Parameters)),
        ViewField.TargetClass => TargetClass == other.TargetClass,
        ViewField.ColorMap => ColorMap == other.ColorMap,
        ViewField.Opacity => Opacity.Equals(other.Opacity),
        ViewField.Enlarged => Enlarged == other.Enlarged,
        _ => false,
    };

    /// <summary>
    /// What is wrong with this view's <paramref name="field"/>, or null. A shared view is checked before anyone sees it:
    /// it arrives from any hub client, and every member's page applies it (a column's parameters become a dictionary
    /// keyed by function, so two columns of one function or a missing name would fail each page that joins).
    /// </summary>
    public string? Problem(ViewField field) => field switch
    {
        _ when !Enum.IsDefined(field) => $"{(int)field} is not a field of the view.",
        ViewField.Dataset when DatasetId is { Length: > MaxIdLength } => "The data set's name is too long.",
        ViewField.Image when Image is { } image && !Enum.IsDefined(image.Split) => "An image comes from the train, validation or test split.",
        ViewField.Image when Image is { UploadId: null, Index: < 0 } => "An image's index cannot be negative.",
        ViewField.Models when Models is null => "The view lists no models.",
        ViewField.Models when Models.Count > MaxModels => $"A session compares at most {MaxModels} models at once.",
        ViewField.Models when Models.Any(m => string.IsNullOrWhiteSpace(m) || m.Length > MaxIdLength) => "A model's id is empty or too long.",
        ViewField.Methods when Methods is null => "The view lists no functions.",
        ViewField.Methods when Methods.Count > MaxMethods => $"A session shows at most {MaxMethods} functions at once.",
        ViewField.Methods when Methods.Any(m => string.IsNullOrWhiteSpace(m) || m.Length > MaxIdLength) => "A function's name is empty or too long.",
        ViewField.Parameters => ParametersProblem(),
        ViewField.TargetClass when TargetClass is < 0 => "A class index cannot be negative.",
        ViewField.ColorMap or ViewField.Opacity when new HeatmapStyle(ColorMap, Opacity).Problem() is { } problem => problem,
        ViewField.Enlarged when Enlarged is { } tile && (string.IsNullOrWhiteSpace(tile.ModelId) || string.IsNullOrWhiteSpace(tile.Method)) => "The enlarged tile names no model or function.",
        ViewField.Enlarged when Enlarged is { } tile && (tile.ModelId.Length > MaxIdLength || tile.Method.Length > MaxIdLength) => "The enlarged tile's name is too long.",
        _ => null,
    };

    private string? ParametersProblem()
    {
        if (Parameters is null || Parameters.Any(c => c?.Parameters is null || c.Parameters.Any(p => p?.Name is null || p.Value is null)))
        {
            return "A function's parameters are missing.";
        }

        if (Parameters.Count > MaxMethods || Parameters.Any(c => c.Parameters.Count > 16
            || c.Parameters.Any(p => p.Name.Length > MaxIdLength || p.Value.Length > MaxIdLength)))
        {
            return "Too many or too long parameters.";
        }

        if (Parameters.Any(c => string.IsNullOrWhiteSpace(c.Method) || c.Method.Length > MaxIdLength))
        {
            return "Parameters belong to a function: its name is empty or too long.";
        }

        return Parameters.GroupBy(c => c.Method, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice
            ? $"{twice.Key}'s parameters are given twice."
            : null;
    }
}
