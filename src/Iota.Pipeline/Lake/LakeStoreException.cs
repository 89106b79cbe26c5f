namespace Iota.Pipeline.Lake;

/// <summary>A lake store could not read or write an object; the message names the store and the key.</summary>
public sealed class LakeStoreException : Exception
{
    /// <summary>Creates an exception.</summary>
    public LakeStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with its cause.</summary>
    public LakeStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception.</summary>
    public LakeStoreException()
    {
    }
}
