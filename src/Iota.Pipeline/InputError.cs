namespace Iota.Pipeline;

/// <summary>Bad input found while reading a file or message; everything else in it is still processed.</summary>
/// <param name="Source">The file path, S3 URI or message id.</param>
/// <param name="Offset">Byte offset of the problem in the (decompressed) input, when known.</param>
/// <param name="Message">What is wrong.</param>
public sealed record InputError(string Source, long? Offset, string Message)
{
    /// <summary><c>source: byte offset N: message</c>.</summary>
    public override string ToString() => Offset is null ? $"{Source}: {Message}" : $"{Source}: byte offset {Offset}: {Message}";
}
