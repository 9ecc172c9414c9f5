using System.Runtime.InteropServices;

namespace ExplainHub.Engine.Native;

/// <summary>An eh_generator*; released by eh_generator_free exactly once.</summary>
internal sealed class GeneratorHandle : SafeHandle
{
    public GeneratorHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle() => NativeMethods.GeneratorFree(handle) == 0;
}
