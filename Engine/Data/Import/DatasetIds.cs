using ExplainHub.Shared;

namespace ExplainHub.Engine.Data.Import;

/// <summary>Ids of imported data sets: lower-case letters, digits and dashes, so that an id is also a safe file name.</summary>
public static class DatasetIds
{
    public static bool IsValid(string id) =>
        id.Length is > 0 and <= 64 && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') && id[0] != '-';

    /// <summary>The request's id, or the format's name (an image folder's: the folder's or zip's name), cleaned up.</summary>
    public static string For(DatasetImportRequest request)
    {
        if (request.Id is { } given)
        {
            return IsValid(given)
                ? given
                : throw new EngineException(EngineErrorKind.InvalidRequest,
                    $"Data set id '{given}' may hold only lower-case letters, digits and dashes (at most 64, not starting with a dash).");
        }

        var basis = request.Format == DatasetFormats.ImageFolder
            ? Path.GetFileNameWithoutExtension(Path.TrimEndingDirectorySeparator(request.Path))
            : request.Format;
        var cleaned = new string(basis.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        return IsValid(cleaned) ? cleaned : "imported";
    }
}
