using System.Buffers;
using System.IO.Compression;

namespace Iota.Pipeline.Readers.Internal;

/// <summary>The decompressed length, or what stopped decompression part-way.</summary>
internal readonly record struct DecodedInput(int Length, string? Error, long? ErrorOffset);

/// <summary>
/// Reads a whole input into one pooled buffer, gunzipping it when it starts with the gzip magic bytes
/// (whatever its name says). One unit's decompressed size is the memory bound per worker.
/// </summary>
internal static class InputDecoder
{
    private static readonly int MaxLength = Array.MaxLength;

    /// <summary>Deflate expands at most about 1032:1, which bounds what a forged trailer can make us allocate.</summary>
    private const long MaxDeflateRatio = 1032;

    private const long MinimumBuffer = 64 * 1024;

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
        int b0 = input.ReadByte();
        int b1 = input.ReadByte();
        input.Position = start;
        long compressedLength = input.Length - start;
        if (b0 == 0x1F && b1 == 0x8B)
        {
            long hint = DecompressedSize(input, start) is long size and >= 0 ? size + 1 : compressedLength * 8;
            using var gzip = new GZipStream(input, CompressionMode.Decompress, leaveOpen: true);
            long most = Math.Max(MinimumBuffer, Math.Min(MaxLength, compressedLength * MaxDeflateRatio));
            return ReadAll(gzip, ref buffer, (int)Math.Clamp(hint, MinimumBuffer, most), input);
        }

        return ReadAll(input, ref buffer, (int)Math.Clamp(compressedLength + 1, 1, MaxLength), compressed: null);
    }

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

        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length == MaxLength)
                    {
                        return new DecodedInput(length, "input is larger than 2 GiB once decompressed; split it", length);
                    }

                    byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, MaxLength));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read = source.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                {
                    return new DecodedInput(length, null, null);
                }

                length += read;
            }
        }
        catch (InvalidDataException ex) when (compressed is not null)
        {
            // Truncation surfaces only with System.IO.Compression.UseStrictValidation, which Directory.Build.props sets.
            string problem = compressed.Position == compressed.Length
                ? "gzip data ends before its end marker (a truncated file?)"
                : $"corrupt gzip data near compressed byte offset {compressed.Position} ({ex.Message})";
            return new DecodedInput(length, $"{problem}; the {length} bytes decompressed before it were processed", compressed.Position);
        }
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
