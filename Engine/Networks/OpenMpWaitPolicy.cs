using System.Runtime.InteropServices;

namespace ExplainHub.Engine.Networks;

/// <summary>
/// libtorch's OpenMP threads spin for a while after each parallel region (libgomp's active wait). NNPACK runs on a
/// thread pool of its own, so on a machine with as many threads as cores the spinning OpenMP threads take the cores
/// NNPACK's need: ResNet-18's NNPACK pass measured no faster than oneDNN's until OpenMP's threads slept when idle
/// (then 1.25× faster). Training, all oneDNN, is not indifferent: in paired runs on a 2-core AVX2 machine ResNet-18
/// steps were 4–18% slower with sleeping threads than with a short spin (GOMP_SPINCOUNT 3,000–30,000; 5 pairs) and
/// VGG-16-BN steps about 8% faster (6 of 7 pairs), so no one policy wins everywhere and the explanations' gain
/// decides. libgomp reads OMP_WAIT_POLICY once, when it is loaded with libtorch, so it is set in the process
/// environment before that — only where the NNPACK path is wanted, and never over a value the user set
/// (GOMP_SPINCOUNT, if set, overrides it).
/// </summary>
internal static partial class OpenMpWaitPolicy
{
    private const string Variable = "OMP_WAIT_POLICY";

    public static void Apply()
    {
        if (!OperatingSystem.IsLinux() || !NnpackConvolution.Wanted || Environment.GetEnvironmentVariable(Variable) is not null)
        {
            return;
        }

        try
        {
            _ = SetEnvironment(Variable, "PASSIVE", 0);
        }
        catch (DllNotFoundException)
        {
            // not glibc: libtorch's wheels need it anyway, so there is nothing to tune
        }
    }

    // .NET's Environment.SetEnvironmentVariable changes only the managed copy; libgomp reads the C library's.
    [LibraryImport("libc.so.6", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnvironment(string name, string value, int overwrite);
}
