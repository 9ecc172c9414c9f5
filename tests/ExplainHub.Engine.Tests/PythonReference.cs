using System.Diagnostics;

namespace ExplainHub.Engine.Tests;

/// <summary>The cross-check scripts' side: Debian's Python (python3-torch, which test.sh installs) beside shared/reference.</summary>
internal static class PythonReference
{
    /// <summary>shared/reference (with common.py), found beside the repository.</summary>
    public static string Directory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "reference");
            if (File.Exists(Path.Combine(candidate, "common.py")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("shared/reference (with common.py) is not beside the repository.");
    }

    /// <summary>Runs a script of this test project's output on 2 threads; fails the test unless it exits 0; returns its last line.</summary>
    public static string Run(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["THREADS"] = "2";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"PyTorch reference {script} failed ({process.ExitCode}): {error.Result}");
        return output.Trim().Split('\n')[^1];
    }
}
