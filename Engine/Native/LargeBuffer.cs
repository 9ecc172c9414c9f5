using System.Runtime.InteropServices;

namespace ExplainHub.Engine.Native;

/// <summary>
/// Native memory for the big scratch buffers of the kernel SVMs (Gram blocks, precomputed LIBSVM problems). From
/// 4 MB up it is aligned to 2 MB and marked for transparent huge pages: the first touch of a fresh 4 KB page
/// costs a page fault, and on a virtual machine a 400 MB Gram matrix faulting in 100,000 of them took as long as
/// the GEMM that fills it (measured: PCA + rbf SVC on 10k images, solve 1.6 s with 4 KB pages, 1.0–1.2 s with
/// huge pages). Where the kernel gives no huge pages (THP "never") this is plain aligned memory.
/// </summary>
internal static unsafe partial class LargeBuffer
{
    private const nuint HugePage = 2 << 20;
    private const nuint HugePageThreshold = 4 << 20;
    private const int MadviseHugePage = 14;

    /// <summary>Whether madvise can be called: Linux with glibc; elsewhere the memory stays in ordinary pages.</summary>
    private static bool canAdvise = OperatingSystem.IsLinux();

    /// <summary>Allocates <paramref name="bytes"/> (uninitialised); release with <see cref="Free"/>.</summary>
    public static void* Allocate(nuint bytes)
    {
        if (bytes < HugePageThreshold)
        {
            return NativeMemory.AlignedAlloc(Math.Max(bytes, 1), 64);
        }

        var rounded = (bytes + HugePage - 1) / HugePage * HugePage;
        var memory = NativeMemory.AlignedAlloc(rounded, HugePage);

        // Advice only: a kernel without transparent huge pages refuses it, and the memory works the same.
        if (canAdvise)
        {
            try
            {
                _ = Madvise(memory, rounded, MadviseHugePage);
            }
            catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
            {
                canAdvise = false;
            }
        }

        return memory;
    }

    public static void Free(void* memory) => NativeMemory.AlignedFree(memory);

    [LibraryImport("libc.so.6", EntryPoint = "madvise")]
    private static partial int Madvise(void* address, nuint length, int advice);
}

/// <summary>A native array of <typeparamref name="T"/> in a <see cref="LargeBuffer"/>, freed on dispose.</summary>
internal sealed unsafe class LargeArray<T> : IDisposable
    where T : unmanaged
{
    private T* data;

    public LargeArray(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, int.MaxValue);
        Length = (int)length;
        data = (T*)LargeBuffer.Allocate((nuint)length * (nuint)sizeof(T));
    }

    public int Length { get; }

    public Span<T> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(data == null, this);
            return new Span<T>(data, Length);
        }
    }

    public void Dispose()
    {
        if (data != null)
        {
            LargeBuffer.Free(data);
            data = null;
        }
    }
}
