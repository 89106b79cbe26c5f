using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Iota.Engine;

namespace Iota.Pipeline.Bloom.Internal;

/// <summary>
/// The on-disk form of a <see cref="BloomFilter"/>. All integers little-endian:
/// <code>
///  0  8 bytes  magic "IOTABLOM"
///  8  int32    format version (2)
/// 12  int64    capacity
/// 20  float64  false-positive rate
/// 28  int32    configured generations
/// 32  int64    bits per generation (a multiple of 512)
/// 40  int32    bits set per key in a generation (8)
/// 44  int32    live generations G
/// 48  int64[G] keys per live generation, oldest first
///     G x (bits per generation / 8) bytes: the bit arrays as 64-bit words, oldest first
///     uint64   XXH64 (seed 0) of every byte before it
/// </code>
/// Version 1 held classic bloom filters (probes spread over the whole array); version 2 holds blocked ones
/// (<see cref="BloomGeneration"/>). A file of another version is reported and replaced, never converted.
/// </summary>
internal static class BloomFilterFile
{
    public const int Version = 2;
    private const int FixedHeaderLength = 48;
    private const int MaxLiveGenerations = 1024;
    private static ReadOnlySpan<byte> Magic => "IOTABLOM"u8;

    internal readonly record struct Header(long Capacity, double FalsePositiveRate, int Generations, long BitsPerGeneration, int HashCount);

    public static void Write(string path, Header header, BloomGeneration[] generations)
    {
        var temporary = path + ".tmp";
        try
        {
            WriteTemporary(temporary, header, generations);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (FileSystemFailure.Is(ex))
        {
            // A half-written file (a full disk) must not stay behind; if even that fails, the write's error is the one to report.
            FileSystemFailure.TryDelete(temporary);
            throw;
        }
    }

    private static void WriteTemporary(string temporary, Header header, BloomGeneration[] generations)
    {
        var hash = new XxHash64();
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            var head = new byte[FixedHeaderLength + (8 * generations.Length)];
            Magic.CopyTo(head);
            BinaryPrimitives.WriteInt32LittleEndian(head.AsSpan(8), Version);
            BinaryPrimitives.WriteInt64LittleEndian(head.AsSpan(12), header.Capacity);
            BinaryPrimitives.WriteDoubleLittleEndian(head.AsSpan(20), header.FalsePositiveRate);
            BinaryPrimitives.WriteInt32LittleEndian(head.AsSpan(28), header.Generations);
            BinaryPrimitives.WriteInt64LittleEndian(head.AsSpan(32), header.BitsPerGeneration);
            BinaryPrimitives.WriteInt32LittleEndian(head.AsSpan(40), header.HashCount);
            BinaryPrimitives.WriteInt32LittleEndian(head.AsSpan(44), generations.Length);
            for (var i = 0; i < generations.Length; i++)
            {
                BinaryPrimitives.WriteInt64LittleEndian(head.AsSpan(FixedHeaderLength + (8 * i)), generations[i].Count);
            }

            hash.Append(head);
            stream.Write(head);

            // Copied in chunks so the checksum covers exactly the bytes written even while other threads
            // keep setting bits in the live arrays.
            var chunk = new ulong[8192];
            foreach (var generation in generations)
            {
                var words = generation.Words;
                for (var offset = 0; offset < words.Length; offset += chunk.Length)
                {
                    var slice = chunk.AsSpan(0, Math.Min(chunk.Length, words.Length - offset));
                    words.Slice(offset, slice.Length).CopyTo(slice);
                    if (!BitConverter.IsLittleEndian)
                    {
                        BinaryPrimitives.ReverseEndianness(slice, slice);
                    }

                    var bytes = MemoryMarshal.AsBytes(slice);
                    hash.Append(bytes);
                    stream.Write(bytes);
                }
            }

            Span<byte> checksum = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(checksum, hash.GetCurrentHashAsUInt64());
            stream.Write(checksum);
            stream.Flush(flushToDisk: true);
        }
    }

    /// <summary>
    /// Reads and checks the file against the configuration it must match. Returns null and the generations
    /// when the file is whole and fits, otherwise a description of what is wrong (completing the sentence
    /// "Bloom filter file 'x' ...").
    /// </summary>
    public static string? TryRead(string path, Header expected, out BloomGeneration[]? generations)
    {
        generations = null;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            return Read(stream, expected, out generations);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"could not be read ({e.Message})";
        }
    }

    private static string? Read(FileStream stream, Header expected, out BloomGeneration[]? generations)
    {
        generations = null;
        var length = stream.Length;
        if (length < FixedHeaderLength)
        {
            return $"is truncated: it has {length} bytes, fewer than the {FixedHeaderLength}-byte header";
        }

        var fixedHeader = new byte[FixedHeaderLength];
        stream.ReadExactly(fixedHeader);
        if (!fixedHeader.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            return "is not a bloom filter file (bad magic bytes)";
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(fixedHeader.AsSpan(8));
        if (version != Version)
        {
            return $"has format version {version}, but this build reads version {Version}";
        }

        var found = new Header(
            BinaryPrimitives.ReadInt64LittleEndian(fixedHeader.AsSpan(12)),
            BinaryPrimitives.ReadDoubleLittleEndian(fixedHeader.AsSpan(20)),
            BinaryPrimitives.ReadInt32LittleEndian(fixedHeader.AsSpan(28)),
            BinaryPrimitives.ReadInt64LittleEndian(fixedHeader.AsSpan(32)),
            BinaryPrimitives.ReadInt32LittleEndian(fixedHeader.AsSpan(40)));
        if (found.Capacity != expected.Capacity || found.FalsePositiveRate != expected.FalsePositiveRate || found.Generations != expected.Generations)
        {
            return $"was written for capacity {found.Capacity} at rate {Format(found.FalsePositiveRate)} with {found.Generations} generations, "
                + $"but capacity {expected.Capacity} at rate {Format(expected.FalsePositiveRate)} with {expected.Generations} generations is configured";
        }

        if (found.BitsPerGeneration != expected.BitsPerGeneration || found.HashCount != expected.HashCount)
        {
            return $"was sized as {found.BitsPerGeneration} bits and {found.HashCount} bits per key per generation, "
                + $"but this build sizes the same configuration as {expected.BitsPerGeneration} bits and {expected.HashCount} bits per key";
        }

        var liveGenerations = BinaryPrimitives.ReadInt32LittleEndian(fixedHeader.AsSpan(44));
        if (liveGenerations < 1 || liveGenerations > expected.Generations || liveGenerations > MaxLiveGenerations)
        {
            return $"is corrupt: it claims {liveGenerations} live generations, outside 1 to {expected.Generations}";
        }

        var bytesPerGeneration = expected.BitsPerGeneration / 8;
        var expectedLength = FixedHeaderLength + (8L * liveGenerations) + (liveGenerations * bytesPerGeneration) + 8;
        if (length < expectedLength)
        {
            return $"is truncated: it has {length} bytes where its header describes {expectedLength}";
        }

        if (length > expectedLength)
        {
            return $"is corrupt: it has {length - expectedLength} bytes after the {expectedLength} its header describes";
        }

        var hash = new XxHash64();
        hash.Append(fixedHeader);
        var counts = new byte[8 * liveGenerations];
        stream.ReadExactly(counts);
        hash.Append(counts);

        var blockCount = expected.BitsPerGeneration / (BloomGeneration.WordsPerBlock * 64);
        var restored = new BloomGeneration[liveGenerations];
        for (var i = 0; i < liveGenerations; i++)
        {
            var count = BinaryPrimitives.ReadInt64LittleEndian(counts.AsSpan(8 * i));
            restored[i] = new BloomGeneration(blockCount, count);
            var words = restored[i].Words;
            var bytes = MemoryMarshal.AsBytes(words);
            stream.ReadExactly(bytes);
            hash.Append(bytes);
            if (!BitConverter.IsLittleEndian)
            {
                BinaryPrimitives.ReverseEndianness(words, words);
            }
        }

        Span<byte> checksum = stackalloc byte[8];
        stream.ReadExactly(checksum);
        var stored = BinaryPrimitives.ReadUInt64LittleEndian(checksum);
        var computed = hash.GetCurrentHashAsUInt64();
        if (stored != computed)
        {
            return $"is corrupt: its checksum is {stored:x16} but its contents hash to {computed:x16}";
        }

        foreach (var generation in restored)
        {
            if (generation.Count < 0)
            {
                return $"is corrupt: a generation claims {generation.Count} keys";
            }
        }

        generations = restored;
        return null;
    }

    private static string Format(double rate) => rate.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
