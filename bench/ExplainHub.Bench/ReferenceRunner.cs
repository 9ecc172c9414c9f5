using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ExplainHub.Bench;

/// <summary>
/// Runs a script of ../shared/reference with Debian's Python under the same allocator setting the engine applies
/// to itself (freed memory stays mapped) and the same thread count, and returns its last JSON line.
/// </summary>
internal static class ReferenceRunner
{
    public const string Tunables = "glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=68719476736";

    public static string ReferenceDirectory()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("EXPLAINHUB_REFERENCE");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "reference");
            if (File.Exists(Path.Combine(candidate, "common.py")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Cannot find shared/reference beside the repository; set EXPLAINHUB_REFERENCE.");
    }

    public static Task<JsonObject> RunAsync(string script, int threads, params string[] arguments) =>
        RunScriptAsync(Path.Combine(ReferenceDirectory(), script), threads, arguments);

    /// <summary>A reference script with extra environment variables (e.g. W1_CKPT: the weights it should load).</summary>
    public static Task<JsonObject> RunAsync(string script, int threads, IReadOnlyDictionary<string, string> environment) =>
        RunScriptAsync(Path.Combine(ReferenceDirectory(), script), threads, [], environment);

    /// <summary>Any Python script (the bench's own helpers too) under the reference's interpreter and settings.</summary>
    public static Task<JsonObject> RunScriptAsync(string path, int threads, params string[] arguments) => RunScriptAsync(path, threads, arguments, null);

    /// <summary>The same with extra environment variables.</summary>
    public static Task<JsonObject> RunScriptAsync(string path, int threads, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        RunScriptAsync(path, threads, arguments, environment);

    private static async Task<JsonObject> RunScriptAsync(string path, int threads, string[] arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var script = Path.GetFileName(path);
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Directory.GetCurrentDirectory(),
        };
        start.ArgumentList.Add(path);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GLIBC_TUNABLES"] = Tunables;
        start.Environment["THREADS"] = threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start /usr/bin/python3");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var last = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        if (process.ExitCode != 0 || last is null)
        {
            throw new InvalidOperationException($"reference {script} failed ({process.ExitCode}): {await stderr}");
        }

        return JsonNode.Parse(last)!.AsObject();
    }
}
