namespace ExplainHub.Client.Output;

internal static class FileNames
{
    /// <summary>Model ids, method and class names are engine-chosen text; keep them to one path segment.</summary>
    public static string Safe(string text)
    {
        var invalid = Path.GetInvalidFileNameChars();
        return new string(text.Select(c => invalid.Contains(c) || char.IsWhiteSpace(c) ? '_' : c).ToArray());
    }
}
