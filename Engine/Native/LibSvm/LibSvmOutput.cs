using System.Runtime.InteropServices;

namespace ExplainHub.Engine.Native.LibSvm;

/// <summary>
/// LIBSVM's console output, silenced, and read for progress: svm_train prints "optimization finished" once per
/// binary solve, which is the only sign of progress it gives while it runs (it cannot be interrupted). The print
/// hook is process-wide but svm_train prints on the thread that called it, so the listener is per thread.
/// </summary>
internal static unsafe class LibSvmOutput
{
    private static readonly byte[] SolveFinished = "optimization finished"u8.ToArray();

    [ThreadStatic]
    private static Action? solveFinishedListener;

    private static int installed;

    public static void Silence()
    {
        if (Interlocked.Exchange(ref installed, 1) == 0)
        {
            LibSvmNative.SetPrintStringFunction(&Print);
        }
    }

    /// <summary>Calls <paramref name="onSolveFinished"/> after each binary solve of svm_train calls made on this thread until disposed.</summary>
    public static IDisposable Listen(Action onSolveFinished)
    {
        Silence();
        solveFinishedListener = onSolveFinished;
        return new Listener();
    }

    [UnmanagedCallersOnly]
    private static void Print(byte* message)
    {
        // An exception must never unwind into LIBSVM's frames: the listener's own failures are dropped.
        try
        {
            var listener = solveFinishedListener;
            if (listener == null || message == null)
            {
                return;
            }

            var text = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(message);
            if (text.IndexOf(SolveFinished) >= 0)
            {
                listener();
            }
        }
        catch (Exception)
        {
        }
    }

    private sealed class Listener : IDisposable
    {
        public void Dispose() => solveFinishedListener = null;
    }
}
