using System.Runtime.InteropServices;

namespace ExplainHub.Engine.Networks;

/// <summary>
/// How much libtorch writes to stderr. libtorch 2.10 logs "Could not initialize NNPACK! Reason: Unsupported hardware."
/// on CPUs NNPACK does not support, once per convolution path — a dozen lines on every CLI command here. Its threshold
/// is c10's exported <c>FLAGS_caffe2_log_level</c>, which Python's torch sets from <c>TORCH_CPP_LOG_LEVEL</c> and
/// libtorch on its own never reads: the engine sets it the same way, to errors only unless that variable says otherwise.
/// </summary>
internal static class LibtorchLog
{
    private const string Variable = "TORCH_CPP_LOG_LEVEL";
    private const string LevelSymbol = "FLAGS_caffe2_log_level";

    /// <summary>c10's levels (glog's): 0 info, 1 warning, 2 error, 3 fatal.</summary>
    private static readonly Dictionary<string, int> Levels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["INFO"] = 0, ["I"] = 0, ["0"] = 0,
        ["WARNING"] = 1, ["W"] = 1, ["1"] = 1,
        ["ERROR"] = 2, ["E"] = 2, ["2"] = 2,
        ["FATAL"] = 3, ["F"] = 3, ["3"] = 3,
    };

    private const int Error = 2;

    /// <summary>The threshold libtorch logs at now, or null where the library does not export it.</summary>
    public static int? Level => Address() is { } address ? Marshal.ReadInt32(address) : null;

    /// <summary>Sets the threshold from TORCH_CPP_LOG_LEVEL, errors only by default; a libtorch without the flag is left alone.</summary>
    public static void Apply()
    {
        if (Address() is not { } address)
        {
            return;
        }

        var wanted = Environment.GetEnvironmentVariable(Variable);
        Marshal.WriteInt32(address, wanted is not null && Levels.TryGetValue(wanted.Trim(), out var level) ? level : Error);
    }

    // libc10 is loaded by then (libtorch needs it); dlopen of the same file returns that copy.
    private static nint? Address()
    {
        foreach (var directory in new[] { Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native"), AppContext.BaseDirectory })
        {
            var path = Path.Combine(directory, "libc10.so");
            if (File.Exists(path) && NativeLibrary.TryLoad(path, out var library) && NativeLibrary.TryGetExport(library, LevelSymbol, out var address))
            {
                return address;
            }
        }

        return null;
    }
}
