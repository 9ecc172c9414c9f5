using System.Runtime.InteropServices;

namespace ExplainHub.Engine.Hosting;

/// <summary>
/// Loads the native half of each managed library the engine uses (TorchSharp, SkiaSharp) once, and
/// turns a failure into one message that names the missing piece and how to install it, instead of each package's
/// own multi-page trace.
/// </summary>
public static class NativeDependencies
{
    private static readonly (string Needle, string Advice)[] KnownCauses =
    [
        ("GLIBCXX_", "the system libstdc++ is older than the library was built for; build the project on this machine "
            + "(dotnet build makes a compatible copy, see eng/LibTorchSharpOnOlderLibstdcxx.targets) or install GCC 13's libstdc++6"),
        ("libfontconfig.so", "install libfontconfig1 (apt-get install libfontconfig1)"),
        ("libgomp", "install libgomp1 (apt-get install libgomp1)"),
        ("No such file", "the file is missing: rebuild the project (dotnet build) so the NuGet package's native files are copied"),
    ];

    private static readonly Lock Gate = new();
    private static bool torchLoaded;
    private static bool skiaLoaded;

    public static void EnsureTorchLoads() => Ensure(ref torchLoaded, "TorchSharp", "libLibTorchSharp.so", () => _ = TorchSharp.torch.__version__);

    public static void EnsureSkiaLoads() => Ensure(ref skiaLoaded, "SkiaSharp", "libSkiaSharp.so", () => _ = SkiaSharp.SkiaSharpVersion.Native);

    private static void Ensure(ref bool loaded, string package, string file, Action touch)
    {
        lock (Gate)
        {
            if (loaded)
            {
                return;
            }

            try
            {
                touch();
                loaded = true;
            }
            catch (Exception ex) when (ex is TypeInitializationException or DllNotFoundException or NotSupportedException or BadImageFormatException)
            {
                throw new DllNotFoundException(Explain(package, file), ex);
            }
        }
    }

    /// <summary>dlopen's own reason for the file, with advice for the causes seen on Debian.</summary>
    private static string Explain(string package, string file)
    {
        var candidates = new[]
        {
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", file),
            Path.Combine(AppContext.BaseDirectory, file),
        };
        var path = candidates.FirstOrDefault(File.Exists);
        if (path is null)
        {
            return $"{package}'s native library {file} is not next to the application ({AppContext.BaseDirectory}): rebuild the project (dotnet build).";
        }

        string reason;
        try
        {
            NativeLibrary.Free(NativeLibrary.Load(path));
            reason = "it loads on its own, so one of its dependencies failed later";
        }
        catch (DllNotFoundException ex)
        {
            reason = FirstLine(ex.Message);
        }

        var advice = KnownCauses.FirstOrDefault(c => reason.Contains(c.Needle, StringComparison.Ordinal)).Advice
            ?? "run scripts/install-deps.sh, which installs what the engine needs on Debian 12";
        return $"{package}'s native library {file} cannot be loaded: {reason}. Fix: {advice}.";
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(l => l.Contains("version", StringComparison.Ordinal)
                || (l.Contains(".so", StringComparison.Ordinal) && !l.Contains("No such file or directory", StringComparison.Ordinal)));
        return line ?? message.Split('\n')[0];
    }
}
