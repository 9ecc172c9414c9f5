using System.Globalization;

namespace ExplainHub.Bench;

/// <summary>A benchmark's <c>--name value</c> options.</summary>
internal static class BenchArguments
{
    /// <summary>The positive integer after <paramref name="name"/>, or <paramref name="fallback"/> when absent or not one.</summary>
    public static int Int(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
    }

    /// <summary>Whether the switch <paramref name="name"/> (e.g. <c>--full</c>) was given.</summary>
    public static bool Flag(string[] args, string name) => args.Contains(name, StringComparer.Ordinal);

    /// <summary>The text after <paramref name="name"/>, or <paramref name="fallback"/>.</summary>
    public static string Text(string[] args, string name, string fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }
}
