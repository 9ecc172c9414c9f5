namespace ExplainHub.Engine.Data;

/// <summary>A data set file is missing or malformed; the message names the file and where in it.</summary>
public sealed class DatasetFormatException : Exception
{
    public DatasetFormatException(string message)
        : base(message)
    {
    }

    public DatasetFormatException()
        : this("Malformed data set.")
    {
    }

    public DatasetFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
