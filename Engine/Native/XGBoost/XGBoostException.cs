namespace ExplainHub.Engine.Native.XGBoost;

/// <summary>An XGBoost C API call failed; <see cref="Exception.Message"/> names the call and carries XGBoost's own message.</summary>
public sealed class XGBoostException : Exception
{
    public XGBoostException()
        : base("XGBoost call failed.")
    {
    }

    public XGBoostException(string message)
        : base(message)
    {
    }

    public XGBoostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
