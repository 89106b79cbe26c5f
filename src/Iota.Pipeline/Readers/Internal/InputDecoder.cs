using System.Buffers;
using System.IO.Compression;

namespace Iota.Pipeline.Readers.Internal;

/// <summary>
/// The decompressed length, or what stopped decompression part-way, and the offset of the first newline in the
/// decoded bytes (-1 when there is none): the parser tells JSON Lines from a one-line document by it, and searching
/// each piece as it is decompressed, while it is still in the CPU's cache, spares a pass over the whole input.
/// </summary>
internal readonly record struct DecodedInput(int Length, string? Error, long? ErrorOffset, int FirstNewline);

/// <summary>
/// Reads a whole input into one pooled buffer, gunzipping it when it starts with the gzip magic bytes
/// (whatever its name says). One unit's decompressed size is the memory bound per worker.
/// </summary>
internal static class InputDecoder
{
    /// <summary>The most one decoded input or part can hold: the largest byte array (just under 2 GiB).</summary>
    internal static readonly int MaxLength = Array.MaxLength;

    /// <summary>Deflate expands at most about 1032:1, which bounds what a forged trailer can make us allocate.</summary>
    private const long MaxDeflateRatio = 1032;

    private const long MinimumBuffer = 64 * 1024;

    /// <summary>
    /// Decodes the first <paramref name="length"/> bytes of <paramref name="input"/> into <paramref name="buffer"/>.
    /// Text that is not gzip is not copied: the two arrays are swapped, so <paramref name="buffer"/> then holds it.
    /// </summary>
    public static DecodedInput Decode(ref byte[]? input, int length, ref byte[]? buffer)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!IsGzip(input.AsSpan(0, length)))
        {
            byte[] text = input;
            (input, buffer) = (buffer, text);
            return new DecodedInput(length, null, null, text.AsSpan(0, length).IndexOf((byte)'\n'));
        }

        using var content = new MemoryStream(input, 0, length, writable: false);
        return Decode(content, ref buffer);
    }

    public static DecodedInput Decode(Stream input, ref byte[]? buffer)
    {
        if (!input.CanSeek)
        {
            var copy = new MemoryStream();
            input.CopyTo(copy);
            copy.Position = 0;
            input = copy;
        }

        long start = input.Position;
        Span<byte> magic = stackalloc byte[2];
        magic = magic[..input.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false)];
        input.Position = start;
        long compressedLength = input.Length - start;
        if (IsGzip(magic))
        {
            long hint = DecompressedSize(input, start) is long size and >= 0 ? size + 1 : compressedLength * 8;
            using var gzip = new GZipStream(input, CompressionMode.Decompress, leaveOpen: true);
            long most = Math.Max(MinimumBuffer, Math.Min(MaxLength, compressedLength * MaxDeflateRatio));
            return ReadAll(gzip, ref buffer, (int)Math.Clamp(hint, MinimumBuffer, most), input);
        }

        return ReadAll(input, ref buffer, (int)Math.Clamp(compressedLength + 1, 1, MaxLength), compressed: null);
    }

    private static bool IsGzip(ReadOnlySpan<byte> content) => content.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]);

    /// <summary>
    /// The size the gzip trailer records (ISIZE: the last member's length modulo 2^32), or -1 without a trailer.
    /// Only a hint for the buffer, so that typical files decompress without growing it: a multi-member file or one
    /// over 4 GiB records less, and the buffer still grows as needed.
    /// </summary>
    private static long DecompressedSize(Stream input, long start)
    {
        if (input.Length - start < 18)
        {
            return -1;
        }

        Span<byte> trailer = stackalloc byte[4];
        input.Position = input.Length - 4;
        input.ReadExactly(trailer);
        input.Position = start;
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(trailer);
    }

    private static DecodedInput ReadAll(Stream source, ref byte[]? buffer, int sizeHint, Stream? compressed)
    {
        if (buffer is null || buffer.Length < sizeHint)
        {
            Return(ref buffer);
            buffer = ArrayPool<byte>.Shared.Rent(sizeHint);
        }

        int length = 0, newline = -1;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length == MaxLength)
                    {
                        return new DecodedInput(length, "input is larger than 2 GiB once decompressed; split it", length, newline);
                    }

                    Grow(ref buffer, length);
                }

                int read = source.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                {
                    return new DecodedInput(length, null, null, newline);
                }

                if (newline < 0 && buffer.AsSpan(length, read).IndexOf((byte)'\n') is int at and >= 0)
                {
                    newline = length + at;
                }

                length += read;
            }
        }
        catch (InvalidDataException ex) when (compressed is not null)
        {
            return new DecodedInput(length, GzipError(compressed, ex, length), compressed.Position, newline);
        }
    }

    /// <summary>What a gzip decoding failure means, given the compressed stream where it stopped and the bytes decoded before it.</summary>
    internal static string GzipError(Stream compressed, InvalidDataException ex, long decoded)
    {
        // Truncation surfaces only with System.IO.Compression.UseStrictValidation, which Directory.Build.props sets.
        string problem = compressed.Position == compressed.Length
            ? "gzip data ends before its end marker (a truncated file?)"
            : $"corrupt gzip data near compressed byte offset {compressed.Position} ({ex.Message})";
        return $"{problem}; the {decoded} bytes decompressed before it were processed";
    }

    /// <summary>Swaps the pooled <paramref name="buffer"/> for one twice as large (at most <see cref="MaxLength"/>), keeping its first <paramref name="length"/> bytes.</summary>
    internal static void Grow(ref byte[] buffer, int length)
    {
        byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, MaxLength));
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = larger;
    }

    /// <summary>Gives a rented buffer back to the pool, if there is one, and forgets it.</summary>
    internal static void Return(ref byte[]? buffer)
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
        }
    }
}
