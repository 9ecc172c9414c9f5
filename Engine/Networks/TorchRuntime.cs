using System.Runtime.InteropServices;
using TorchSharp;
using ExplainHub.Engine.Hosting;
using static TorchSharp.torch;

namespace ExplainHub.Engine.Networks;

/// <summary>What libtorch runs on.</summary>
public sealed record TorchRuntimeDescription(string TorchSharpVersion, string TorchVersion, string Device, bool CudaAvailable, int Threads);

/// <summary>
/// Process-wide libtorch settings: the allocator, thread count, seed, device, and the live-tensor count that tests
/// use to show nothing leaks. Every network entry point calls <see cref="EnsureStarted"/> first.
/// </summary>
public static partial class TorchRuntime
{
    // glibc's mallopt parameters (malloc.h).
    private const int TrimThreshold = -1;
    private const int MmapMax = -4;

    private static readonly Lock Gate = new();
    private static bool started;

    // Nothing here may touch TorchSharp before EnsureStarted: its type initializer is what loads libtorch, and a
    // failure there must become NativeDependencies' one clear message.
    private static Device? device;

    /// <summary>The device networks are created on: the first CUDA device when libtorch has one, else the CPU.</summary>
    public static Device Device
    {
        get
        {
            EnsureStarted();
            return device!;
        }
    }

    private static long parameterOvercount;

    /// <summary>
    /// Tensors alive in this process now (created and neither disposed nor finalised). TorchSharp 0.107's
    /// Tensor.TotalCount counts every nn.Parameter twice for good (the tensor it takes the handle from is never
    /// uncounted: six per seed CNN, after any number of collections), so the parameters of the networks built here
    /// are taken off.
    /// </summary>
    public static long LiveTensors => Tensor.TotalCount - Interlocked.Read(ref parameterOvercount);

    /// <summary>Records the parameters of a newly built module, for <see cref="LiveTensors"/>.</summary>
    internal static void NoteParameters(long count) => Interlocked.Add(ref parameterOvercount, count);

    /// <summary>
    /// Loads libtorch (one clear message when it cannot be), keeps freed memory mapped, and uses every core unless
    /// <see cref="Configure"/> says otherwise. Idempotent.
    /// </summary>
    public static void EnsureStarted()
    {
        lock (Gate)
        {
            if (started)
            {
                return;
            }

            KeepFreedMemoryMapped();
            OpenMpWaitPolicy.Apply();
            NativeDependencies.EnsureTorchLoads();
            LibtorchLog.Apply();
            set_num_threads(Environment.ProcessorCount);
            device = cuda.is_available() ? CUDA : CPU;
            started = true;
        }
    }

    /// <summary>Sets libtorch's intra-op threads (0 keeps them) and, when non-negative, the global seed.</summary>
    public static void Configure(int threads, long seed = -1)
    {
        EnsureStarted();
        if (threads > 0)
        {
            set_num_threads(threads);
        }

        if (seed >= 0)
        {
            manual_seed(seed);
        }
    }

    public static TorchRuntimeDescription Describe()
    {
        EnsureStarted();
        var isCuda = device!.type == DeviceType.CUDA;
        var torchSharp = typeof(torch).Assembly.GetName().Version?.ToString(3) ?? "?";
        return new TorchRuntimeDescription(torchSharp, __version__, isCuda ? "cuda:0" : "cpu", isCuda, get_num_threads());
    }

    // Page faults dominate CNN training on these machines when glibc hands freed activation buffers back to the OS
    // after every step (shared/reference/README.md: 3-5x on ResNet/VGG); the reference runs with the same setting.
    private static void KeepFreedMemoryMapped()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _ = Mallopt(MmapMax, 0);
            _ = Mallopt(TrimThreshold, int.MaxValue);
        }
        catch (EntryPointNotFoundException)
        {
            // not glibc (musl): its allocator has no such knobs
        }
    }

    [LibraryImport("libc.so.6", EntryPoint = "mallopt")]
    private static partial int Mallopt(int parameter, int value);
}
