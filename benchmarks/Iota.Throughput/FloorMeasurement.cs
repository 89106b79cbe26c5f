using System.Buffers;
using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;

namespace Iota.Throughput;

/// <summary>
/// The floor: the least work any pipeline must do on these files. Every file is decompressed and every byte of
/// it tokenized with <see cref="Utf8JsonReader"/>, files spread over all cores, nothing kept and no rules.
/// </summary>
internal static class FloorMeasurement
{
    public static Measurement Run(IReadOnlyList<string> files, int workers, long corpusEvents)
    {
        long bytes = 0, tokens = 0;
        using Process self = Process.GetCurrentProcess();
        TimeSpan cpuBefore = self.TotalProcessorTime;
        long started = Stopwatch.GetTimestamp();
        Parallel.ForEach(
            files,
            new ParallelOptions { MaxDegreeOfParallelism = workers },
            () => new byte[1 << 20],
            (path, _, buffer) =>
            {
                int length = Decompress(path, ref buffer);
                Interlocked.Add(ref bytes, length);
                Interlocked.Add(ref tokens, Tokenize(buffer.AsSpan(0, length)));
                return buffer;
            },
            _ => { });
        TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
        self.Refresh();
        return new Measurement
        {
            Name = "floor",
            Description = "gunzip + Utf8JsonReader over every byte, files over all cores, in process",
            Seconds = elapsed.TotalSeconds,
            CpuSeconds = (self.TotalProcessorTime - cpuBefore).TotalSeconds,
            UncompressedBytes = bytes,
            Events = corpusEvents,
            Tokens = tokens,
        };
    }

    private static int Decompress(string path, ref byte[] buffer)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        int length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            int read = gzip.Read(buffer, length, buffer.Length - length);
            if (read == 0)
            {
                return length;
            }

            length += read;
        }
    }

    private static long Tokenize(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        long count = 0;
        while (reader.Read())
        {
            count++;
        }

        return count;
    }
}
