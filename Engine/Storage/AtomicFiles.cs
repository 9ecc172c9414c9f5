namespace ExplainHub.Engine.Storage;

/// <summary>
/// Writes files so that no reader ever sees a partial one: each is written in full to a hidden
/// temporary file beside its target and then renamed over it (a rename within a directory is atomic on POSIX).
/// Nothing is renamed until every file has been written, so a failure part-way leaves no new files at all.
/// </summary>
public static class AtomicFiles
{
    public static void WriteAll(IReadOnlyList<OutputFile> files)
    {
        var pending = new List<(string Temporary, string Target)>();
        try
        {
            foreach (var file in files)
            {
                var target = Path.GetFullPath(file.Path);
                var directory = Path.GetDirectoryName(target) ?? throw new IOException($"'{target}' has no directory.");
                var temporary = Path.Combine(directory, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
                pending.Add((temporary, target));
                File.WriteAllBytes(temporary, file.Content);
            }

            while (pending.Count > 0)
            {
                var (temporary, target) = pending[0];
                File.Move(temporary, target, overwrite: true);
                pending.RemoveAt(0);
            }
        }
        finally
        {
            foreach (var (temporary, _) in pending)
            {
                TryDelete(temporary);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the original failure is the one worth reporting.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
