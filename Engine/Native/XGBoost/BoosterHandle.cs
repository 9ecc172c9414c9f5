using System.Runtime.InteropServices;

namespace ExplainHub.Engine.Native.XGBoost;

/// <summary>An XGBoost BoosterHandle; released by XGBoosterFree exactly once, even if the owner forgets to dispose.</summary>
internal sealed class BoosterHandle : SafeHandle
{
    public BoosterHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle() => XGBoostNative.BoosterFree(handle) == 0;
}
