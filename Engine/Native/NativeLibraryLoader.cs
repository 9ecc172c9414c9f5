using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace ExplainHub.Engine.Native;

/// <summary>
/// Finds libexplainhub_native.so, remembering every path tried so that a failure says exactly where it
/// looked and why each candidate failed (missing file, missing libtorch dependency, wrong ABI).
/// </summary>
internal static class NativeLibraryLoader
{
    /// <summary>Environment variable naming the library file or its folder, for deployments that move it.</summary>
    public const string PathVariable = "EXPLAINHUB_NATIVE";

    private static readonly Lock Gate = new();
    private static bool registered;
    private static IntPtr loaded;

    /// <summary>Routes every P/Invoke of this assembly through <see cref="Resolve"/> before any native call.</summary>
#pragma warning disable CA2255 // the resolver must be in place before the first P/Invoke, whoever makes it
    [System.Runtime.CompilerServices.ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register()
    {
        lock (Gate)
        {
            if (!registered)
            {
                NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLoader).Assembly, Resolve);
                registered = true;
            }
        }
    }

    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (loaded != IntPtr.Zero)
            {
                return;
            }

            var trace = new StringBuilder();
            foreach (var candidate in Candidates())
            {
                if (NativeLibrary.TryLoad(candidate, out var handle))
                {
                    loaded = handle;
                    CheckAbi(candidate);
                    return;
                }

                trace.Append("\n  ").Append(candidate).Append(": ").Append(Describe(candidate));
            }

            throw new DllNotFoundException(
                "Cannot load the ExplainHub native bridge (libexplainhub_native.so). Build the Engine project "
                + "(dotnet build) after installing libtorch-dev (./scripts/install-deps.sh), or set "
                + PathVariable + ". Tried:" + trace);
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (SystemLibraries.IsKnown(name))
        {
            return SystemLibraries.Load(name);
        }

        if (name != NativeMethods.Library)
        {
            return IntPtr.Zero;
        }

        EnsureLoaded();
        return loaded;
    }

    private static IEnumerable<string> Candidates()
    {
        const string file = "libexplainhub_native.so";
        var configured = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            yield return Directory.Exists(configured) ? Path.Combine(configured, file) : configured;
        }

        yield return Path.Combine(AppContext.BaseDirectory, file);
        var assemblyDir = Path.GetDirectoryName(typeof(NativeLibraryLoader).Assembly.Location);
        if (!string.IsNullOrEmpty(assemblyDir) && assemblyDir != AppContext.BaseDirectory.TrimEnd('/'))
        {
            yield return Path.Combine(assemblyDir, file);
        }
    }

    private static string Describe(string candidate)
    {
        if (!File.Exists(candidate))
        {
            return "no such file";
        }

        try
        {
            NativeLibrary.Free(NativeLibrary.Load(candidate));
            return "loaded on retry";
        }
        catch (DllNotFoundException ex)
        {
            // dlopen's message names the missing dependency (e.g. libtorch.so.1.13).
            return ex.Message;
        }
    }

    private static void CheckAbi(string path)
    {
        var version = NativeMethods.AbiVersion();
        if (version != NativeMethods.ExpectedAbiVersion)
        {
            loaded = IntPtr.Zero;
            throw new DllNotFoundException(
                $"{path} has ABI version {version}, this engine needs {NativeMethods.ExpectedAbiVersion}: rebuild the Engine project.");
        }
    }
}
