using System.Runtime.InteropServices;

namespace ExplainHub.Engine.Native.XGBoost;

/// <summary>
/// The calls of XGBoost's C API (/usr/include/xgboost/c_api.h, Debian libxgboost-dev) the tree families use; all
/// of them exist since 1.6. Every call returns 0 on success and −1 on failure, with the message in XGBoost's
/// thread-local last error (<see cref="XGBoostCall.Check"/> reads it right away, on the same thread).
/// bst_ulong is uint64_t.
/// </summary>
internal static unsafe partial class XGBoostNative
{
    [LibraryImport(SystemLibraries.XGBoost, EntryPoint = "XGBGetLastError")]
    public static partial byte* GetLastError();

    [LibraryImport(SystemLibraries.XGBoost, EntryPoint = "XGDMatrixCreateFromMat_omp")]
    public static partial int DMatrixCreateFromMat(float* data, ulong rows, ulong columns, float missing, out DMatrixHandle handle, int threads);

    [LibraryImport(SystemLibraries.XGBoost, EntryPoint = "XGDMatrixSetFloatInfo", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int DMatrixSetFloatInfo(DMatrixHandle handle, string field, float* values, ulong length);

    [LibraryImport(SystemLibraries.XGBoost, EntryPoint = "XGDMatrixFree")]
    public static partial int DMatrixFree(IntPtr handle);

    [LibraryImport(SystemLibraries.XGBoost, EntryPoint = "XGBoosterCreate")]
    public static partial int BoosterCreate(IntPtr* cachedMatrices, ulong count, out BoosterHandle handle);

    [LibraryImport(SystemLibraries.XGBoost, EntryPoint = "XGBoosterFree")]
    public static partial int BoosterFree(IntPtr handle);

    [LibraryImport(SystemLibraries.XGBoost, EntryPoint = "XGBoosterSetParam", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int BoosterSetParam(BoosterHandle handle, string name, string value);

    [LibraryImport(SystemLibraries.XGBoost, EntryPoint = "XGBoosterUpdateOneIter")]
    public static partial int BoosterUpdateOneIter(BoosterHandle handle, int iteration, DMatrixHandle train);

    [LibraryImport(SystemLibraries.XGBoost, EntryPoint = "XGBoosterGetNumFeature")]
    public static partial int BoosterGetNumFeature(BoosterHandle handle, ulong* features);

    [LibraryImport(SystemLibraries.XGBoost, EntryPoint = "XGBoosterPredictFromDMatrix", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int BoosterPredictFromDMatrix(BoosterHandle handle, DMatrixHandle matrix, string config,
        ulong** shape, ulong* dimensions, float** result);

    [LibraryImport(SystemLibraries.XGBoost, EntryPoint = "XGBoosterSaveModelToBuffer", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int BoosterSaveModelToBuffer(BoosterHandle handle, string config, ulong* length, byte** buffer);

    [LibraryImport(SystemLibraries.XGBoost, EntryPoint = "XGBoosterLoadModelFromBuffer")]
    public static partial int BoosterLoadModelFromBuffer(BoosterHandle handle, byte* buffer, ulong length);

    [LibraryImport(SystemLibraries.XGBoost, EntryPoint = "XGBoosterFeatureScore", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int BoosterFeatureScore(BoosterHandle handle, string config, ulong* featureCount, byte*** features,
        ulong* dimensions, ulong** shape, float** scores);
}
