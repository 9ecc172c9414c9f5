using System.Globalization;

namespace ExplainHub.Engine.Native;

/// <summary>What libtorch runs on, as the bridge reports it.</summary>
public sealed record TorchRuntimeDescription(string TorchVersion, string Device, bool CudaAvailable, int Threads);

/// <summary>Process-wide libtorch settings: thread count, seed, device description, handle accounting.</summary>
public static class TorchRuntime
{
    /// <summary>Sets libtorch's intra-op threads (it defaults to 1 here) and, when non-negative, the seed.</summary>
    public static void Configure(int threads, long seed = -1) =>
        NativeCall.Check(NativeMethods.RuntimeConfigure(threads, seed));

    public static int AbiVersion => NativeMethods.AbiVersion();

    /// <summary>Native handles alive now; tests assert this returns to zero.</summary>
    public static long LiveHandles => NativeMethods.LiveHandles();

    public static unsafe TorchRuntimeDescription Describe()
    {
        var buffer = stackalloc byte[512];
        NativeCall.Check(NativeMethods.RuntimeDescribe(buffer, 512));
        var text = new string((sbyte*)buffer);
        var fields = text.Split(';')
            .Select(part => part.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : string.Empty, StringComparer.Ordinal);
        return new TorchRuntimeDescription(
            fields.GetValueOrDefault("torch", "?"),
            fields.GetValueOrDefault("device", "cpu"),
            fields.GetValueOrDefault("cuda") == "1",
            int.Parse(fields.GetValueOrDefault("threads", "1"), CultureInfo.InvariantCulture));
    }
}
