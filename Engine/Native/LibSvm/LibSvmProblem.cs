using System.Runtime.InteropServices;
using static ExplainHub.Engine.Native.LibSvm.LibSvmNative;

namespace ExplainHub.Engine.Native.LibSvm;

/// <summary>
/// A training set in LIBSVM's svm_problem form, in native memory freed on dispose. Two layouts:
/// <list type="bullet">
/// <item>sparse features: the non-zero values of each row with 1-based indices, −1 terminating the row (what
/// LIBSVM's own kernels read);</item>
/// <item>a precomputed Gram matrix (kernel_type PRECOMPUTED): node 0 of row i holds i's 1-based serial and node j
/// holds K(x_i, x_j); LIBSVM looks values up by position (x[i][serial of j]), so every row has all n+1 nodes. Such a
/// problem is a workspace with room for Capacity samples (rows Capacity + 2 nodes apart), <see cref="Reset"/> for one
/// pair after another.</item>
/// </list>
/// A model fresh from svm_train points into these rows (free_sv = 0); <see cref="LibSvmTrainer"/> detaches it or
/// copies what it needs before the problem goes away.
/// </summary>
internal sealed unsafe class LibSvmProblem : IDisposable
{
    private Node* nodes;
    private Node** rows;
    private double* targets;

    private LibSvmProblem(int count, ReadOnlySpan<int> labels, long nodeCount)
    {
        if (labels.Length != count || count <= 0)
        {
            throw new ArgumentException($"{labels.Length} labels for {count} samples.");
        }

        Count = count;
        nodes = (Node*)LargeBuffer.Allocate((nuint)nodeCount * (nuint)sizeof(Node));
        rows = (Node**)NativeMemory.Alloc((nuint)count, (nuint)sizeof(Node*));
        targets = (double*)NativeMemory.Alloc((nuint)count, sizeof(double));
        for (var i = 0; i < count; i++)
        {
            targets[i] = labels[i];
        }
    }

    public int Count { get; private set; }

    public bool IsPrecomputed { get; private init; }

    /// <summary>The most samples the precomputed rows have room for (their node stride is Capacity + 2).</summary>
    public int Capacity { get; private init; }

    public static LibSvmProblem Sparse(ReadOnlySpan<float> values, int count, int dimension, ReadOnlySpan<int> labels)
    {
        long nonZero = 0;
        foreach (var v in values)
        {
            nonZero += v != 0 ? 1 : 0;
        }

        var problem = new LibSvmProblem(count, labels, nonZero + count);
        var next = problem.nodes;
        for (var i = 0; i < count; i++)
        {
            problem.rows[i] = next;
            next = WriteSparseRow(values.Slice(i * dimension, dimension), next);
        }

        return problem;
    }

    /// <summary>
    /// A precomputed problem with room for up to <paramref name="capacity"/> samples, to be <see cref="Reset"/> for
    /// one pair after another: its native memory is touched once, where a fresh problem per pair (64 MB for 2,000
    /// samples) would fault in every page again.
    /// </summary>
    public static LibSvmProblem PrecomputedWorkspace(int capacity)
    {
        var labels = new int[capacity];

        // Empty until Reset sets its rows: the native memory holds no row pointers yet.
        return new LibSvmProblem(capacity, labels, (long)capacity * (capacity + 2)) { IsPrecomputed = true, Capacity = capacity, Count = 0 };
    }

    /// <summary>Makes this precomputed problem one of labels.Length samples with these labels; its kernel values are then set with <see cref="SetGramRow"/>.</summary>
    public void Reset(ReadOnlySpan<int> labels)
    {
        if (!IsPrecomputed || labels.Length == 0 || labels.Length > Capacity)
        {
            throw new ArgumentException($"{labels.Length} samples do not fit a precomputed problem with room for {Capacity}.");
        }

        Count = labels.Length;
        var stride = (long)Capacity + 2;
        for (var i = 0; i < Count; i++)
        {
            var row = nodes + (i * stride);
            rows[i] = row;
            targets[i] = labels[i];
            row[0] = new Node { Index = 0, Value = i + 1 };
            row[Count + 1] = new Node { Index = -1 };
        }
    }

    /// <summary>Stores K(x_row, x_j) for j = 0..Count−1 (<paramref name="values"/>) as row <paramref name="row"/>'s nodes 1..Count.</summary>
    public void SetGramRow(int row, ReadOnlySpan<double> values)
    {
        if (!IsPrecomputed || row < 0 || row >= Count || values.Length != Count)
        {
            throw new ArgumentException($"{values.Length} kernel values for row {row} do not fit a {Count}-sample precomputed problem.");
        }

        var target = rows[row];
        for (var j = 0; j < values.Length; j++)
        {
            target[j + 1] = new Node { Index = j + 1, Value = values[j] };
        }
    }

    /// <summary>The svm_problem view; valid while this object is alive.</summary>
    public Problem View => new() { L = Count, Y = targets, X = rows };

    /// <summary>Writes the non-zero values of <paramref name="row"/> and the −1 terminator from <paramref name="next"/>; returns the node after.</summary>
    public static Node* WriteSparseRow(ReadOnlySpan<float> row, Node* next)
    {
        for (var j = 0; j < row.Length; j++)
        {
            if (row[j] != 0)
            {
                *next++ = new Node { Index = j + 1, Value = row[j] };
            }
        }

        *next++ = new Node { Index = -1 };
        return next;
    }

    public void Dispose()
    {
        LargeBuffer.Free(nodes);
        NativeMemory.Free(rows);
        NativeMemory.Free(targets);
        nodes = null;
        rows = null;
        targets = null;
    }
}
