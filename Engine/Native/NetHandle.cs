using System.Runtime.InteropServices;

namespace ExplainHub.Engine.Native;

/// <summary>An eh_net*; released by eh_net_free exactly once, even if the owner forgets to dispose.</summary>
internal sealed class NetHandle : SafeHandle
{
    public NetHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle() => NativeMethods.NetFree(handle) == 0;
}
