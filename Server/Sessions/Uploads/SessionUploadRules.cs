namespace ExplainHub.Server.Sessions.Uploads;

/// <summary>What a session keeps of an uploaded file's name: the last part of it, printable, at most so long.</summary>
public static class SessionUploadRules
{
    public const int MaxNameLength = 100;

    /// <summary>
    /// A client's file name as a label: folders (either slash), control characters and surrounding blanks dropped,
    /// cut to <see cref="MaxNameLength"/>; "image" when nothing is left. It names nothing on disk.
    /// </summary>
    public static string DisplayName(string? clientName)
    {
        var last = (clientName ?? "").Replace('\\', '/').Split('/')[^1];
        var printable = new string(last.Where(c => !char.IsControl(c)).ToArray()).Trim();
        return printable.Length == 0 ? "image" : printable.Length <= MaxNameLength ? printable : printable[..MaxNameLength];
    }
}
