using System.Runtime.InteropServices;

namespace ExplainHub.Engine.Native;

/// <summary>
/// Turns an eh_status into an exception. Must run right after the call on the same thread: the message
/// lives in the bridge's thread-local last-error slot.
/// </summary>
internal static class NativeCall
{
    public static void Check(int status)
    {
        if (status == 0)
        {
            return;
        }

        var message = Marshal.PtrToStringUTF8(NativeMethods.LastError());
        throw new NativeBridgeException(
            Enum.IsDefined(typeof(NativeStatus), status) ? (NativeStatus)status : NativeStatus.UnknownError,
            string.IsNullOrEmpty(message) ? $"native call failed with status {status}" : message);
    }
}
