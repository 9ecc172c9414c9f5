namespace ExplainHub.Shared;

/// <summary>What went wrong, as a category a caller can act on. Crosses the hub as text; never a stack trace.</summary>
public enum EngineErrorKind
{
    InvalidRequest,
    NotFound,
    DatasetUnavailable,
    Native,
    Cancelled,
    Unavailable,
}

/// <summary>
/// The one exception type callers of <see cref="IEngine"/> catch, whether the engine runs in-process or remotely.
/// The message is for people: it says what happened and what to do.
/// </summary>
public sealed class EngineException : Exception
{
    public EngineException(EngineErrorKind kind, string message, Exception? inner = null)
        : base(message, inner) => Kind = kind;

    public EngineException()
        : this(EngineErrorKind.InvalidRequest, "Engine error.")
    {
    }

    public EngineException(string message)
        : this(EngineErrorKind.InvalidRequest, message)
    {
    }

    public EngineException(string message, Exception innerException)
        : this(EngineErrorKind.InvalidRequest, message, innerException)
    {
    }

    public EngineErrorKind Kind { get; }

    /// <summary>The wire form "Kind: message", which the remote client parses back.</summary>
    public string ToWireMessage() => $"{Kind}: {Message}";
}
