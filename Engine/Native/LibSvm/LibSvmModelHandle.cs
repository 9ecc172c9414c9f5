using System.Runtime.InteropServices;
using static ExplainHub.Engine.Native.LibSvm.LibSvmNative;

namespace ExplainHub.Engine.Native.LibSvm;

/// <summary>
/// An svm_model that needs nothing outside itself: one from svm_load_model (LIBSVM owns its support vectors,
/// free_sv = 1), or one from svm_train whose support-vector pointers were moved off the training problem onto
/// <see cref="ownedNodes"/> (free_sv = 0: LIBSVM frees everything but the nodes, which are freed here).
/// </summary>
internal sealed unsafe class LibSvmModelHandle : SafeHandle
{
    private Node* ownedNodes;

    public LibSvmModelHandle(Model* model, Node* ownedNodes)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle((IntPtr)model);
        this.ownedNodes = ownedNodes;
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        var model = (Model*)handle;
        FreeAndDestroyModel(&model);
        NativeMemory.Free(ownedNodes);
        ownedNodes = null;
        return true;
    }

    /// <summary>
    /// The model, kept alive until the matching <see cref="SafeHandle.DangerousRelease"/> (call it in a finally),
    /// so that a concurrent dispose cannot free it mid-call; throws <see cref="ObjectDisposedException"/> once disposed.
    /// </summary>
    public Model* Acquire()
    {
        var added = false;
        DangerousAddRef(ref added);
        return (Model*)handle;
    }
}
