using System.Runtime.InteropServices;

namespace ExplainHub.Engine.Native;

/// <summary>eh_tree_fit of explainhub.h.</summary>
internal static partial class NativeMethods
{
    [LibraryImport(Library, EntryPoint = "eh_tree_fit")]
    public static unsafe partial int TreeFit(float* samples, long count, int features, int* labels, float* weights,
        int maxDepth, int minSamplesSplit, int threads, int capacity, out int nodeCount, int* feature, float* threshold,
        int* left, int* right);
}
