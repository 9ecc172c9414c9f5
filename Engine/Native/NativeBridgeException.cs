namespace ExplainHub.Engine.Native;

/// <summary>A native call failed; <see cref="Exception.Message"/> is the bridge's own last-error text.</summary>
public sealed class NativeBridgeException : Exception
{
    public NativeBridgeException(NativeStatus status, string message)
        : base(message) => Status = status;

    public NativeBridgeException()
        : this(NativeStatus.UnknownError, "native error")
    {
    }

    public NativeBridgeException(string message)
        : this(NativeStatus.UnknownError, message)
    {
    }

    public NativeBridgeException(string message, Exception innerException)
        : base(message, innerException) => Status = NativeStatus.UnknownError;

    public NativeStatus Status { get; }
}
