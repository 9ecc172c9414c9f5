using System.Runtime.InteropServices;

namespace ExplainHub.Engine.Native.XGBoost;

/// <summary>
/// Turns XGBoost's −1 into an exception with XGBoost's message. Must run right after the call, on the same
/// thread: XGBGetLastError is thread-local.
/// </summary>
internal static unsafe class XGBoostCall
{
    public static void Check(int status, string call)
    {
        if (status == 0)
        {
            return;
        }

        var message = Marshal.PtrToStringUTF8((IntPtr)XGBoostNative.GetLastError());
        throw new XGBoostException(string.IsNullOrWhiteSpace(message)
            ? $"XGBoost {call} failed with status {status}."
            : $"XGBoost {call} failed: {message.Trim()}");
    }
}
