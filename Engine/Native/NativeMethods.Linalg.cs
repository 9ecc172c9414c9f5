using System.Runtime.InteropServices;

namespace ExplainHub.Engine.Native;

/// <summary>eh_linalg_* of explainhub.h.</summary>
internal static partial class NativeMethods
{
    [LibraryImport(Library, EntryPoint = "eh_linalg_pca_fit")]
    public static unsafe partial int LinalgPcaFit(float* samples, long count, long dimension, long components,
        float* mean, float* axes, double* variances, out double totalVariance);

    [LibraryImport(Library, EntryPoint = "eh_linalg_pca_transform")]
    public static unsafe partial int LinalgPcaTransform(float* samples, long count, long dimension, float* mean, float* axes,
        long components, float* output);

    [LibraryImport(Library, EntryPoint = "eh_linalg_kernel", StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int LinalgKernel(string kind, float* a, long rowsA, float* b, long rowsB, long dimension,
        double gamma, double coef0, int degree, double* output);

    [LibraryImport(Library, EntryPoint = "eh_linalg_dot_into")]
    public static unsafe partial int LinalgDotInto(double* a, long rowsA, double* b, long rowsB, long dimension, double* output);

    [LibraryImport(Library, EntryPoint = "eh_linalg_eigh_top")]
    public static unsafe partial int LinalgEighTop(double* matrix, long size, long count, double* values, double* vectors);

    [LibraryImport(Library, EntryPoint = "eh_linalg_solve_spd")]
    public static unsafe partial int LinalgSolveSpd(double* matrix, long size, double* rhs, long columns, double ridge, double* solution);

    [LibraryImport(Library, EntryPoint = "eh_linalg_matmul")]
    public static unsafe partial int LinalgMatmul(double* a, long rows, long inner, double* b, long columns, double* output);
}
