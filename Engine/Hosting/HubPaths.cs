using ExplainHub.Shared;

namespace ExplainHub.Engine.Hosting;

/// <summary>
/// Paths that arrive over the engine hub must lie inside one of <see cref="EngineOptions.HubFileRoots"/>: a remote
/// caller names files of the engine's machine, and without this could have it read or write anywhere its process can.
/// A path is compared after normalising (".." resolved) against each root followed by a separator, so /srv/in-evil
/// is not inside /srv/in. Links inside a root are followed as the file system follows them.
/// </summary>
public static class HubPaths
{
    /// <returns>The full path, when it is inside a root.</returns>
    /// <exception cref="EngineException">InvalidRequest naming the setting, never the roots themselves.</exception>
    public static string Confine(string path, IEnumerable<string> roots, string what)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Contains('\0', StringComparison.Ordinal))
        {
            throw new EngineException(EngineErrorKind.InvalidRequest, $"{what}: no path given.");
        }

        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        foreach (var root in roots.Where(r => !string.IsNullOrWhiteSpace(r)))
        {
            // "/" stays "/" when trimmed (a root keeps its separator): it must not become "//", inside which nothing is.
            var trimmed = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
            var inside = Path.EndsInDirectorySeparator(trimmed) ? trimmed : trimmed + Path.DirectorySeparatorChar;
            if (full.StartsWith(inside, StringComparison.Ordinal) || full + Path.DirectorySeparatorChar == inside)
            {
                return full;
            }
        }

        throw new EngineException(EngineErrorKind.InvalidRequest,
            $"{what}: '{path}' is not inside a folder this engine lets remote callers use (Engine:HubFileRoots on the engine's machine). "
            + "Upload through the web app, or run the command on the engine's machine without --engine.");
    }
}
