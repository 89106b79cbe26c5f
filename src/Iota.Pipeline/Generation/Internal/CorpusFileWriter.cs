using System.Buffers;
using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Iota.Pipeline.Generation.Internal;

/// <summary>Writes one gzip CloudTrail log file (<c>{"Records":[...]}</c>) of a generated corpus.</summary>
internal static class CorpusFileWriter
{
    /// <summary>Share of records drawn from the risky tail; the rest is ordinary traffic.</summary>
    public const double RiskyFraction = 0.003;

    /// <summary>CloudTrail delivers a file about every five minutes per account and region.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private const int ChunkBytes = 64 * 1024;

    private static readonly JsonWriterOptions Options = new()
    {
        // CloudTrail writes '+', '<', '&' and friends as they are; the default encoder would escape them.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static CorpusFileResult Write(string outDir, CorpusFilePlan plan, CorpusAccount account, int eventsPerFile)
    {
        var path = Path.Combine(outDir, plan.RelativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var random = new Random(plan.Seed);
        var buffer = new ArrayBufferWriter<byte>(ChunkBytes * 2);
        long uncompressed = 0;
        long risky = 0;

        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: ChunkBytes);
        // Fastest keeps a million-record corpus within seconds; the level is fixed so output is reproducible.
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true))
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            var records = new CloudTrailRecordWriter(json, random, account, plan.Region);
            var windowSeconds = (long)Window.TotalSeconds;
            json.WriteStartObject();
            json.WriteStartArray("Records"u8);
            for (var i = 0; i < eventsPerFile; i++)
            {
                var time = plan.WindowStart.AddSeconds(i * windowSeconds / eventsPerFile);
                if (random.NextDouble() < RiskyFraction)
                {
                    records.WriteRisky(time);
                    risky++;
                }
                else
                {
                    records.WriteBenign(time);
                }

                if (json.BytesPending >= ChunkBytes)
                {
                    uncompressed += Drain(json, buffer, gzip);
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
            uncompressed += Drain(json, buffer, gzip);
        }

        return new CorpusFileResult(eventsPerFile, risky, uncompressed, file.Length);
    }

    /// <summary>
    /// Moves what the JSON writer holds into the gzip stream. The writer targets a buffer rather than the
    /// stream because its Flush would also flush the deflater, cutting compression blocks short.
    /// </summary>
    private static int Drain(Utf8JsonWriter json, ArrayBufferWriter<byte> buffer, GZipStream gzip)
    {
        json.Flush();
        var written = buffer.WrittenCount;
        gzip.Write(buffer.WrittenSpan);
        buffer.ResetWrittenCount();
        return written;
    }
}
