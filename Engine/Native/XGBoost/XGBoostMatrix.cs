namespace ExplainHub.Engine.Native.XGBoost;

/// <summary>
/// An XGBoost DMatrix from a dense row-major float matrix (XGDMatrixCreateFromMat; values equal to
/// <c>missing</c>, NaN unless said otherwise, are absent), with optional labels and sample weights. XGBoost copies
/// the values, so the caller's buffer is free afterwards.
/// </summary>
internal sealed unsafe class XGBoostMatrix : IDisposable
{
    private readonly DMatrixHandle handle;

    private XGBoostMatrix(DMatrixHandle handle, int rows, int columns)
    {
        this.handle = handle;
        Rows = rows;
        Columns = columns;
    }

    public int Rows { get; }

    public int Columns { get; }

    internal DMatrixHandle Handle => handle;

    public static XGBoostMatrix FromRows(ReadOnlySpan<float> values, int rows, int columns, float missing = float.NaN, int threads = 0)
    {
        if (rows <= 0 || columns <= 0 || values.Length != (long)rows * columns)
        {
            throw new ArgumentException($"{values.Length} values do not make a {rows}×{columns} matrix.", nameof(values));
        }

        DMatrixHandle created;
        fixed (float* data = values)
        {
            XGBoostCall.Check(XGBoostNative.DMatrixCreateFromMat(data, (ulong)rows, (ulong)columns, missing, out created, threads > 0 ? threads : Environment.ProcessorCount),
                "XGDMatrixCreateFromMat");
        }

        return new XGBoostMatrix(created, rows, columns);
    }

    /// <summary>Class indices as XGBoost's float labels (multi:softprob wants 0..num_class−1).</summary>
    public void SetLabels(ReadOnlySpan<int> labels)
    {
        var values = new float[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            values[i] = labels[i];
        }

        SetFloatInfo("label", values);
    }

    public void SetWeights(ReadOnlySpan<float> weights) => SetFloatInfo("weight", weights);

    public void Dispose() => handle.Dispose();

    private void SetFloatInfo(string field, ReadOnlySpan<float> values)
    {
        if (values.Length != Rows)
        {
            throw new ArgumentException($"{Rows} rows need {Rows} {field} values, got {values.Length}.", nameof(values));
        }

        fixed (float* data = values)
        {
            XGBoostCall.Check(XGBoostNative.DMatrixSetFloatInfo(handle, field, data, (ulong)values.Length), "XGDMatrixSetFloatInfo");
        }
    }
}
