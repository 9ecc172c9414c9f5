using System.Runtime.InteropServices;

namespace ExplainHub.Engine.Native.XGBoost;

/// <summary>An XGBoost DMatrixHandle; released by XGDMatrixFree exactly once, even if the owner forgets to dispose.</summary>
internal sealed class DMatrixHandle : SafeHandle
{
    public DMatrixHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle() => XGBoostNative.DMatrixFree(handle) == 0;
}
