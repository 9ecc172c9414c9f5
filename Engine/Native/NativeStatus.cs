namespace ExplainHub.Engine.Native;

/// <summary>eh_status values of explainhub.h.</summary>
public enum NativeStatus
{
    Ok = 0,
    InvalidArgument = 1,
    TorchError = 2,
    Error = 3,
    UnknownError = 4,
}
