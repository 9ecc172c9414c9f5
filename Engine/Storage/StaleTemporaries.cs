using System.Text.RegularExpressions;

namespace ExplainHub.Engine.Storage;

/// <summary>
/// Temporaries that a killed process left behind. Every writer under the data directory writes
/// <c>target.&lt;32 hex digits&gt;.tmp</c> beside its target and renames it when done (<see cref="AtomicFiles"/>, the data
/// set cache, checkpoints), so a process killed in between leaves one that nothing reads or deletes — a data set's
/// is hundreds of megabytes. A live write keeps touching its file, so only those unchanged for <see cref="Age"/> are
/// taken: another process on the same data directory may be writing the rest.
/// </summary>
public static partial class StaleTemporaries
{
    /// <summary>How long a temporary must have been left unchanged to count as abandoned.</summary>
    public static readonly TimeSpan Age = TimeSpan.FromHours(1);

    /// <summary>
    /// Deletes the abandoned temporaries under <paramref name="directory"/> (its subfolders too, links not followed)
    /// last written before <paramref name="before"/>, and returns their paths. Files it cannot delete are left.
    /// </summary>
    public static IReadOnlyList<string> Remove(string directory, DateTime before)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.ReparsePoint,
            MatchType = MatchType.Simple,
        };
        var removed = new List<string>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.tmp", options))
        {
            if (!Temporary().IsMatch(Path.GetFileName(file)))
            {
                continue;
            }

            try
            {
                if (File.GetLastWriteTimeUtc(file) < before.ToUniversalTime())
                {
                    File.Delete(file);
                    removed.Add(file);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone already (another process swept it) or not ours to delete: either way nothing to do.
            }
        }

        return removed;
    }

    [GeneratedRegex(@"\.[0-9a-f]{32}\.tmp$", RegexOptions.CultureInvariant)]
    private static partial Regex Temporary();
}
