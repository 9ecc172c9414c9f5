using System.Runtime.InteropServices;
using static ExplainHub.Engine.Native.LibLinear.LibLinearNative;

namespace ExplainHub.Engine.Native.LibLinear;

/// <summary>
/// Samples in LIBLINEAR's sparse form (zeros skipped, 1-based indices, a bias node, index −1 terminating each
/// row), in one native block that several one-vs-rest solves read at once. Freed on dispose.
/// </summary>
internal sealed unsafe class SparseRows : IDisposable
{
    private FeatureNode* nodes;
    private FeatureNode** rows;

    public SparseRows(ReadOnlySpan<float> values, int count, int dimension, double bias)
    {
        long nonZero = 0;
        foreach (var v in values)
        {
            nonZero += v != 0 ? 1 : 0;
        }

        var extra = bias >= 0 ? 2 : 1;
        nodes = (FeatureNode*)NativeMemory.Alloc((nuint)(nonZero + ((long)count * extra)), (nuint)sizeof(FeatureNode));
        rows = (FeatureNode**)NativeMemory.Alloc((nuint)count, (nuint)sizeof(FeatureNode*));
        var next = nodes;
        for (var i = 0; i < count; i++)
        {
            rows[i] = next;
            var row = values.Slice(i * dimension, dimension);
            for (var j = 0; j < dimension; j++)
            {
                if (row[j] != 0)
                {
                    *next++ = new FeatureNode { Index = j + 1, Value = row[j] };
                }
            }

            if (bias >= 0)
            {
                *next++ = new FeatureNode { Index = dimension + 1, Value = bias };
            }

            *next++ = new FeatureNode { Index = -1 };
        }

        Count = count;
        Dimension = dimension;
        Bias = bias;
    }

    public int Count { get; }

    public int Dimension { get; }

    public double Bias { get; }

    public FeatureNode** Rows => rows;

    public void Dispose()
    {
        NativeMemory.Free(nodes);
        NativeMemory.Free(rows);
        nodes = null;
        rows = null;
    }
}
