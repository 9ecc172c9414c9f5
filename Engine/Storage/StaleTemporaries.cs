using System.Text.RegularExpressions;

namespace ExplainHub.Engine.Storage;

/// <summary>
/// Temporaries that a killed process left behind in the engine's folders of the data directory. Every writer there
/// writes beside its target under a name made unique by a GUID and renames it when done: <c>target.&lt;guid&gt;.tmp</c>
/// (<see cref="AtomicFiles"/>, the data set cache, checkpoints), <c>target.tmp-&lt;guid&gt;</c> (an evaluation's JSON, a
/// model's whole folder). A process killed in between leaves one that nothing reads or deletes — a data set's or a
/// model's is hundreds of megabytes. A live write keeps touching its files, so only those unchanged for
/// <see cref="Age"/> are taken: another process on the same data directory may be writing the rest.
/// </summary>
public static partial class StaleTemporaries
{
    /// <summary>How long a temporary must have been left unchanged to count as abandoned.</summary>
    public static readonly TimeSpan Age = TimeSpan.FromHours(1);

    /// <summary>The data directory's folders the engine writes in; anything else there (the app's sessions) is not ours.</summary>
    public static IReadOnlyList<string> EngineFolders { get; } = ["datasets", "checkpoints", "models", "evaluations"];

    private static readonly EnumerationOptions Everywhere = new()
    {
        RecurseSubdirectories = true,
        IgnoreInaccessible = true,
        AttributesToSkip = FileAttributes.ReparsePoint,
    };

    /// <summary>
    /// Deletes the abandoned temporaries in <see cref="EngineFolders"/> under <paramref name="dataDirectory"/> (their
    /// subfolders too, links not followed) last written before <paramref name="before"/>, and returns their paths. A
    /// temporary folder's age is that of the newest file in it. What cannot be read or deleted is left as it is.
    /// </summary>
    public static IReadOnlyList<string> Remove(string dataDirectory, DateTime before)
    {
        var cutoff = before.ToUniversalTime();
        var removed = new List<string>();
        foreach (var folder in EngineFolders.Select(name => Path.Combine(dataDirectory, name)).Where(Directory.Exists))
        {
            try
            {
                foreach (var entry in Directory.EnumerateFileSystemEntries(folder, "*tmp*", Everywhere).Where(e => Temporary().IsMatch(Path.GetFileName(e))).ToList())
                {
                    if (TryRemove(entry, cutoff))
                    {
                        removed.Add(entry);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A folder that cannot be walked keeps its temporaries; the engine starts all the same.
            }
        }

        return removed;
    }

    private static bool TryRemove(string entry, DateTime cutoff)
    {
        try
        {
            if (Directory.Exists(entry))
            {
                if (LastWrite(entry) >= cutoff)
                {
                    return false;
                }

                Directory.Delete(entry, recursive: true);
                return true;
            }

            // Gone already (another process swept it): GetLastWriteTimeUtc would answer 1601 for a missing file.
            if (!File.Exists(entry) || File.GetLastWriteTimeUtc(entry) >= cutoff)
            {
                return false;
            }

            File.Delete(entry);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // A folder's own time changes only when entries are added or removed, not while a file in it is written.
    private static DateTime LastWrite(string folder) =>
        Directory.EnumerateFiles(folder, "*", Everywhere).Select(File.GetLastWriteTimeUtc)
            .Append(Directory.GetLastWriteTimeUtc(folder)).Max();

    [GeneratedRegex(@"(\.[0-9a-f]{32}\.tmp|\.tmp-[0-9a-f]{32})$", RegexOptions.CultureInvariant)]
    private static partial Regex Temporary();
}
