using System.Text;
using System.Text.Json;

namespace Iota.Pipeline.Lake.Internal;

/// <summary>
/// The staging folder's journal (<c>ledger.jsonl</c>): after a unit's rows are fsynced, one line names the unit and
/// the length each staging file it touched has reached. After a crash it says which bytes of each staging file
/// belong to finished units (the rest is cut off) and which units need not be staged again when reprocessed.
/// </summary>
internal sealed class StagingLedger : IDisposable
{
    public const string FileName = "ledger.jsonl";

    private readonly string _path;
    private FileStream _stream;

    private StagingLedger(string path, FileStream stream)
    {
        _path = path;
        _stream = stream;
    }

    /// <summary>Reads what an earlier run recorded (nothing when there is no ledger).</summary>
    public static (HashSet<string> Units, Dictionary<string, long> Files) Read(string stagingRoot)
    {
        var units = new HashSet<string>(StringComparer.Ordinal);
        var files = new Dictionary<string, long>(StringComparer.Ordinal);
        string path = Path.Combine(stagingRoot, FileName);
        if (!File.Exists(path))
        {
            return (units, files);
        }

        foreach (string line in File.ReadLines(path))
        {
            try
            {
                using JsonDocument entry = JsonDocument.Parse(line);
                if (entry.RootElement.TryGetProperty("unit", out JsonElement unit))
                {
                    units.Add(unit.GetString()!);
                }

                if (entry.RootElement.TryGetProperty("files", out JsonElement touched))
                {
                    foreach (JsonProperty file in touched.EnumerateObject())
                    {
                        files[file.Name] = file.Value.GetInt64();
                    }
                }
            }
            catch (JsonException)
            {
                // A line cut short by a crash: the unit it would have recorded was never acknowledged.
            }
        }

        return (units, files);
    }

    /// <summary>Starts a fresh ledger holding <paramref name="units"/> and <paramref name="files"/>.</summary>
    public static StagingLedger Create(string stagingRoot, IEnumerable<string> units, IEnumerable<StagingFile> files)
    {
        string path = Path.Combine(stagingRoot, FileName);
        var ledger = new StagingLedger(path, null!);
        ledger._stream = ledger.Rewrite(units, files);
        return ledger;
    }

    /// <summary>Records that <paramref name="unitKey"/>'s rows are durable in <paramref name="files"/>.</summary>
    public void Append(string unitKey, IEnumerable<StagingFile> files)
    {
        _stream.Write(Line(unitKey, files));
        _stream.Flush(flushToDisk: true);
    }

    /// <summary>Replaces the ledger (atomically) with one that holds only what is still staged or unacknowledged.</summary>
    public void Compact(IEnumerable<string> units, IEnumerable<StagingFile> files)
    {
        _stream.Dispose();
        _stream = Rewrite(units, files);
    }

    public void Dispose() => _stream.Dispose();

    private FileStream Rewrite(IEnumerable<string> units, IEnumerable<StagingFile> files)
    {
        string temporary = _path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            foreach (string unit in units)
            {
                stream.Write(Line(unit, []));
            }

            stream.Write(Line(null, files));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, _path, overwrite: true);
        return new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
    }

    private static byte[] Line(string? unitKey, IEnumerable<StagingFile> files)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (unitKey is not null)
            {
                writer.WriteString("unit", unitKey);
            }

            writer.WriteStartObject("files");
            foreach (StagingFile file in files)
            {
                writer.WriteNumber(file.RelativePath, file.Length);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        buffer.Write(Encoding.UTF8.GetBytes("\n"));
        return buffer.ToArray();
    }
}
