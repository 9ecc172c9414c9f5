using System.Globalization;
using System.Runtime.InteropServices;

namespace ExplainHub.Engine.Native.XGBoost;

/// <summary>
/// One XGBoost booster: parameters, boosting rounds, prediction, UBJSON (de)serialisation and per-feature total
/// gain. XGBoost's prediction buffers belong to the booster and are overwritten by its next call, so results are
/// copied out at once; a booster is not safe to use from two threads at the same time (callers lock).
/// </summary>
internal sealed unsafe class XGBoostBooster : IDisposable
{
    private readonly BoosterHandle handle;

    private XGBoostBooster(BoosterHandle handle) => this.handle = handle;

    /// <summary>A new booster that caches <paramref name="train"/> (XGBoost keeps its predictions there between rounds).</summary>
    public static XGBoostBooster Create(XGBoostMatrix train)
    {
        var matrix = train.Handle;
        var added = false;
        try
        {
            matrix.DangerousAddRef(ref added);
            var raw = matrix.DangerousGetHandle();
            XGBoostCall.Check(XGBoostNative.BoosterCreate(&raw, 1, out var created), "XGBoosterCreate");
            return new XGBoostBooster(created);
        }
        finally
        {
            if (added)
            {
                matrix.DangerousRelease();
            }
        }
    }

    /// <summary>A booster read back from what <see cref="Serialize"/> wrote (JSON or UBJSON; XGBoost tells them apart).</summary>
    public static XGBoostBooster Deserialize(ReadOnlySpan<byte> model)
    {
        XGBoostCall.Check(XGBoostNative.BoosterCreate(null, 0, out var created), "XGBoosterCreate");
        var booster = new XGBoostBooster(created);
        try
        {
            fixed (byte* data = model)
            {
                XGBoostCall.Check(XGBoostNative.BoosterLoadModelFromBuffer(created, data, (ulong)model.Length), "XGBoosterLoadModelFromBuffer");
            }

            return booster;
        }
        catch
        {
            booster.Dispose();
            throw;
        }
    }

    /// <summary>The number of features the model was trained on.</summary>
    public int FeatureCount
    {
        get
        {
            ulong features;
            XGBoostCall.Check(XGBoostNative.BoosterGetNumFeature(handle, &features), "XGBoosterGetNumFeature");
            return checked((int)features);
        }
    }

    public void SetParameter(string name, string value) =>
        XGBoostCall.Check(XGBoostNative.BoosterSetParam(handle, name, value), $"XGBoosterSetParam({name}={value})");

    public void SetParameter(string name, double value) => SetParameter(name, value.ToString("R", CultureInfo.InvariantCulture));

    public void SetParameter(string name, int value) => SetParameter(name, value.ToString(CultureInfo.InvariantCulture));

    public void UpdateOneIteration(int iteration, XGBoostMatrix train) =>
        XGBoostCall.Check(XGBoostNative.BoosterUpdateOneIter(handle, iteration, train.Handle), "XGBoosterUpdateOneIter");

    /// <summary>
    /// Rows×outputs predictions of all rounds (for multi:softprob, class probabilities; with
    /// <paramref name="outputMargin"/>, the untransformed margins).
    /// </summary>
    public float[] Predict(XGBoostMatrix data, bool outputMargin) => PredictOfType(data, outputMargin ? 1 : 0);

    /// <summary>
    /// TreeSHAP contributions (XGBoost's pred_contribs): rows × groups × (features + 1), the last entry of each
    /// group its bias, so that every group's entries sum to its margin.
    /// </summary>
    public float[] Contributions(XGBoostMatrix data) => PredictOfType(data, 2);

    private float[] PredictOfType(XGBoostMatrix data, int type)
    {
        var config = $"{{\"type\": {type}, \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0, \"strict_shape\": {(type == 2 ? "true" : "false")}}}";
        ulong* shape;
        ulong dimensions;
        float* result;
        XGBoostCall.Check(XGBoostNative.BoosterPredictFromDMatrix(handle, data.Handle, config, &shape, &dimensions, &result), "XGBoosterPredictFromDMatrix");
        ulong length = 1;
        for (ulong d = 0; d < dimensions; d++)
        {
            length *= shape[d];
        }

        return new ReadOnlySpan<float>(result, checked((int)length)).ToArray();
    }

    /// <summary>The model as UBJSON (XGBoost's own portable format, 1.6+), copied out of XGBoost's buffer.</summary>
    public byte[] Serialize()
    {
        ulong length;
        byte* buffer;
        XGBoostCall.Check(XGBoostNative.BoosterSaveModelToBuffer(handle, "{\"format\": \"ubj\"}", &length, &buffer), "XGBoosterSaveModelToBuffer");
        return new ReadOnlySpan<byte>(buffer, checked((int)length)).ToArray();
    }

    /// <summary>
    /// Total gain of the splits on each of <paramref name="features"/> features over all trees (0 for unused ones).
    /// XGBoost names unnamed features "f&lt;index&gt;" and lists only those some split uses.
    /// </summary>
    public double[] TotalGain(int features)
    {
        ulong count;
        byte** names;
        ulong dimensions;
        ulong* shape;
        float* scores;
        XGBoostCall.Check(XGBoostNative.BoosterFeatureScore(handle, "{\"importance_type\": \"total_gain\"}", &count, &names, &dimensions, &shape, &scores),
            "XGBoosterFeatureScore");
        var gain = new double[features];
        for (ulong i = 0; i < count; i++)
        {
            var name = Marshal.PtrToStringUTF8((IntPtr)names[i]) ?? string.Empty;
            if (name.Length < 2 || name[0] != 'f' || !int.TryParse(name.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                || index >= features)
            {
                throw new XGBoostException($"XGBoosterFeatureScore named feature '{name}', which is not one of the {features} pixels.");
            }

            gain[index] += scores[i];
        }

        return gain;
    }

    public void Dispose() => handle.Dispose();
}
