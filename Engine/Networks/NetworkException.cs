namespace ExplainHub.Engine.Networks;

/// <summary>What kind of failure a network call met.</summary>
public enum NetworkErrorKind
{
    /// <summary>The caller's input is wrong (unknown architecture, label out of range, non-positive rate…).</summary>
    InvalidArgument,

    /// <summary>libtorch refused the operation; the message is libtorch's, without its C++ backtrace.</summary>
    Torch,
}

/// <summary>A network operation failed; <see cref="Exception.Message"/> says why, in words a user can act on.</summary>
public sealed class NetworkException : Exception
{
    public NetworkException(NetworkErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException) => Kind = kind;

    public NetworkException()
        : this(NetworkErrorKind.Torch, "network error")
    {
    }

    public NetworkException(string message)
        : this(NetworkErrorKind.Torch, message)
    {
    }

    public NetworkException(string message, Exception innerException)
        : this(NetworkErrorKind.Torch, message, innerException)
    {
    }

    public NetworkErrorKind Kind { get; }

    public static NetworkException Invalid(string message) => new(NetworkErrorKind.InvalidArgument, message);

    /// <summary>Runs a libtorch call, turning its exceptions into a <see cref="NetworkException"/> with libtorch's (or TorchSharp's) own message.</summary>
    public static T Guard<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (System.Runtime.InteropServices.ExternalException ex)
        {
            throw new NetworkException(NetworkErrorKind.Torch, WithoutBacktrace(ex.Message), ex);
        }
        catch (ArgumentException ex) when (ex.TargetSite?.DeclaringType?.Assembly == typeof(TorchSharp.torch).Assembly)
        {
            // TorchSharp checks some shapes itself (a convolution's channels) before libtorch would.
            throw new NetworkException(NetworkErrorKind.Torch, ex.Message, ex);
        }
    }

    public static void Guard(Action call) => Guard(() =>
    {
        call();
        return 0;
    });

    // libtorch appends "Exception raised from <function> at <file>:<line> (most recent call first): frame #0 …".
    private static string WithoutBacktrace(string message)
    {
        var cut = message.IndexOf("Exception raised from", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Trim();
    }
}
