using System.Buffers;
using System.IO.Compression;
using Iota.Pipeline.Readers.Internal;
using Iota.Sdk;
using Microsoft.Win32.SafeHandles;

namespace Iota.Pipeline;

/// <summary>
/// One unit of input (a file, an S3 object, a queue message) decoded into events: the decompressed bytes, the
/// token index over them, each event's log type, and the problems found on the way. Reused between units by
/// one worker so its arrays are allocated once; its byte buffer is pooled.
/// </summary>
public sealed class EventBatch : IDisposable
{
    private readonly List<string> _logTypes = [];
    private readonly List<InputError> _errors = [];
    private byte[]? _rented;
    private byte[]? _file;
    private ulong[] _keyHashes = [];
    private Action<EventBatch, int, int>? _eventsIndexed;
    private int _reported;

    // Where the loaded bytes start in their input: 0 unless they are a part of a large one.
    private long _offset;

    /// <summary>Where the events came from (file path, s3:// URI, message id).</summary>
    public string Source { get; private set; } = "";

    /// <summary>The events, as views over the decompressed bytes.</summary>
    public EventBuffer Events { get; } = new();

    /// <summary>Number of events.</summary>
    public int Count => Events.Count;

    /// <summary>Decompressed size of the input.</summary>
    public long Bytes { get; private set; }

    /// <summary>Problems found in the input. The events listed are the ones that could be read.</summary>
    public IReadOnlyList<InputError> Errors => _errors;

    /// <summary>
    /// Decodes and indexes a small built-in gzipped CloudTrail log, then drops it: the code every input runs through
    /// (gzip, the scanner, the record parser, the event index and key hash) is compiled and its first calls made.
    /// <c>iota run</c> calls it on a spare core while it loads rules and opens its state, so that the first files do
    /// not wait for the JIT.
    /// </summary>
    public static void WarmUp()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(WarmUpLog);
        }

        compressed.Position = 0;
        using var batch = new EventBatch();
        batch.LoadStream("warm-up", compressed);
    }

    // Made up (a documentation account and address); shaped like a delivered log, with a nested identity, an escape,
    // numbers, booleans and a null, so that each branch of the scanner runs once.
    internal static ReadOnlySpan<byte> WarmUpLog => """
        {"Records":[{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:warm-up",
        "arn":"arn:aws:sts::111122223333:assumed-role/warm-up/warm-up","accountId":"111122223333",
        "sessionContext":{"attributes":{"creationDate":"2026-01-01T00:00:00Z","mfaAuthenticated":"false"}}},
        "eventTime":"2026-01-01T00:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject",
        "awsRegion":"us-east-1","sourceIPAddress":"192.0.2.1","userAgent":"aws-sdk-go\/1.0 (warm-up)",
        "requestParameters":{"bucketName":"warm-up","key":"a\u00e9b","partNumber":1,"versions":[true,false,null]},
        "responseElements":null,"readOnly":true,"eventID":"00000000-0000-0000-0000-000000000000",
        "eventType":"AwsApiCall","recipientAccountId":"111122223333","eventCategory":"Data"}]}
        """u8;

    /// <summary>The log type of event <paramref name="index"/>.</summary>
    public string LogTypeOf(int index) => _logTypes[index];

    /// <summary>Reads a local file (gzip detected by its magic bytes) into this batch.</summary>
    public void LoadFile(string path)
    {
        Begin(path);
        try
        {
            using SafeFileHandle file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
            long length = RandomAccess.GetLength(file);
            if (length > WholeFileLimit)
            {
                using FileStream stream = new(file, FileAccess.Read, 1);
                Decompress(stream);
                return;
            }

            // One read for the whole file instead of one system call per 8 KB the decompressor asks for; a file that is
            // not gzip is then parsed where it was read, not copied.
            if (_file is null || _file.Length < length)
            {
                InputDecoder.Return(ref _file);
                _file = ArrayPool<byte>.Shared.Rent((int)Math.Max(length, 1));
            }

            int read = 0;
            while (read < length && RandomAccess.Read(file, _file.AsSpan(read, (int)length - read), read) is int n and > 0)
            {
                read += n;
            }

            Parse(InputDecoder.Decode(ref _file, read, ref _rented));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _errors.Add(new InputError(path, null, $"cannot read: {ex.Message}"));
        }
    }

    /// <summary>
    /// Indexes one part of an input (a file, an object) that <see cref="InputPartReader"/> decoded. The part keeps its
    /// buffer, which must outlive this batch's use of the events. Offsets in errors count from the start of the input.
    /// </summary>
    internal void LoadPart(string source, InputPart part)
    {
        Begin(source);
        _offset = part.Offset;
        Bytes = part.Length;
        if (part.Error is not null)
        {
            _errors.Add(new InputError(source, part.ErrorOffset, part.Error));
        }

        Memory<byte> data = part.Buffer.AsMemory(0, part.Length);
        Events.Reset(data);
        if (part.Cuts == InputCuts.None)
        {
            RecordParser.Parse(this, data, data.Span.IndexOf((byte)'\n'), reportJsonErrors: part.Error is null);
        }
        else
        {
            // Read as what the part reader found, with no second look at where the first line ends.
            RecordParser.ParsePart(this, data, lines: part.Cuts == InputCuts.AtLineEnds, fileStart: part.Offset == 0, reportJsonErrors: part.Error is null);
        }
    }

    /// <summary>Reads bytes (an S3 object, a message body; gzip detected by magic) into this batch.</summary>
    public void LoadStream(string source, Stream content)
    {
        Begin(source);
        Decompress(content);
    }

    /// <summary>Local files up to this size are read whole before decoding; larger ones are streamed.</summary>
    private const long WholeFileLimit = 256L * 1024 * 1024;

    /// <summary>Events reported to <see cref="Load"/>'s listener at a time.</summary>
    internal const int ChunkSize = 64;

    /// <summary>
    /// Runs <paramref name="load"/> (one of the Load methods) and hands <paramref name="eventsIndexed"/> each run of
    /// <see cref="ChunkSize"/> events (start, count) as soon as they are indexed, and the rest at the end: work on an
    /// event done while its bytes and tokens are still in the CPU's cache costs a fraction of the same work done
    /// after the whole file is indexed. A <paramref name="load"/> that loads nothing hands over the events already
    /// in the batch, all at once.
    /// </summary>
    internal void Load(Action<EventBatch> load, Action<EventBatch, int, int> eventsIndexed)
    {
        _eventsIndexed = eventsIndexed;
        _reported = 0;
        try
        {
            load(this);
            Report();
        }
        finally
        {
            _eventsIndexed = null;
        }
    }

    /// <summary>Adds an event found by the parser.</summary>
    internal void Add(JsonField root, string logType)
    {
        int index = Events.AddEvent(root);
        _logTypes.Add(logType);
        if (index == _keyHashes.Length)
        {
            Array.Resize(ref _keyHashes, Math.Max(256, index * 2));
        }

        _keyHashes[index] = EventFilter.KeyHash(Events[index]);
        if (_eventsIndexed is not null && Count - _reported >= ChunkSize)
        {
            Report();
        }
    }

    /// <summary>
    /// Each event's dedup key hash (<see cref="EventFilter.KeyHash"/>), taken as the event is added, while its
    /// bytes and index are still in cache; the filter tests and remembers events from these hashes alone.
    /// </summary>
    internal ReadOnlySpan<ulong> KeyHashes => _keyHashes.AsSpan(0, Count);

    internal void Error(long? offset, string message) => _errors.Add(new InputError(Source, _offset + offset, message));

    /// <summary>Returns the pooled buffers.</summary>
    public void Dispose()
    {
        InputDecoder.Return(ref _rented);
        InputDecoder.Return(ref _file);
    }

    private void Report()
    {
        if (_eventsIndexed is not null && Count > _reported)
        {
            int from = _reported;
            _reported = Count;
            _eventsIndexed(this, from, Count - from);
        }
    }

    private void Begin(string source)
    {
        Source = source;
        _offset = 0;
        _logTypes.Clear();
        _errors.Clear();
        Bytes = 0;
        Events.Reset(default);
    }

    private void Decompress(Stream input) => Parse(InputDecoder.Decode(input, ref _rented));

    private void Parse(DecodedInput decoded)
    {
        Bytes = decoded.Length;
        if (decoded.Error is not null)
        {
            _errors.Add(new InputError(Source, decoded.ErrorOffset, decoded.Error));
        }

        Memory<byte> data = _rented.AsMemory(0, decoded.Length);
        Events.Reset(data);
        RecordParser.Parse(this, data, decoded.FirstNewline, reportJsonErrors: decoded.Error is null);
    }
}
