namespace Iota.Aws.Sources;

/// <summary>One or more units of a queue message failed; the message names each failed object.</summary>
public sealed class SqsSourceException : Exception
{
    public SqsSourceException()
    {
    }

    public SqsSourceException(string message)
        : base(message)
    {
    }

    public SqsSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
