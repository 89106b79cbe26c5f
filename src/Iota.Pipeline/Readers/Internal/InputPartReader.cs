using System.Buffers;
using System.IO.Compression;

namespace Iota.Pipeline.Readers.Internal;

/// <summary>Where the part reader cuts an input: nowhere (it is read whole), or between whole lines or whole log files.</summary>
internal enum InputCuts
{
    None,
    AtLineEnds,
    BetweenLogFiles,
}

/// <summary>
/// A piece of an input, decoded: <see cref="Length"/> bytes of a pooled <see cref="Buffer"/> that start at
/// byte <see cref="Offset"/> of the input's decompressed content, cut as <see cref="Cuts"/> says; an input read
/// whole is one part at offset 0. The part owns its buffer until <see cref="Return"/>.
/// </summary>
internal sealed class InputPart(byte[] buffer, int length, long offset, InputCuts cuts, bool last, string? error, long? errorOffset)
{
    public byte[] Buffer { get; private set; } = buffer;

    public int Length { get; } = length;

    public long Offset { get; } = offset;

    /// <summary>How the input was cut: <see cref="InputCuts.None"/> when this part is all of it.</summary>
    public InputCuts Cuts { get; } = cuts;

    /// <summary>Nothing of the input follows this part.</summary>
    public bool Last { get; } = last;

    /// <summary>What stopped decoding in this part (the part holds what was decoded before it), or null.</summary>
    public string? Error { get; } = error;

    /// <summary>Where <see cref="Error"/> happened: a compressed byte offset for gzip damage.</summary>
    public long? ErrorOffset { get; } = errorOffset;

    /// <summary>
    /// The part's unit of work, given its input's: the input's own for a part that is all of it, else the input's and
    /// where the part starts, so that after a run cut short the next run finds the parts already committed.
    /// </summary>
    public string UnitKey(string inputUnitKey) => Cuts == InputCuts.None ? inputUnitKey : $"{inputUnitKey}@{Offset}";

    public void Return()
    {
        if (Buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(Buffer);
            Buffer = [];
        }
    }
}

/// <summary>
/// Reads a large input (a local file or a downloaded object, gzip or plain) in order, as consecutive
/// <see cref="InputPart"/>s of about <c>partBytes</c> each once decompressed, so it is processed in bounded memory and
/// a file's parts can go to different workers. Parts are cut between whole lines of JSON Lines, or between whole
/// CloudTrail log files one after another (<c>zcat *.json.gz</c> output: <c>…]}{"Records":[…</c>). An input that is
/// neither (one large document) is returned as one whole part instead, as if it were small.
/// </summary>
internal sealed class InputPartReader : IDisposable
{
    private readonly Stream _source;
    private readonly bool _ownsSource;
    private readonly Stream _content;
    private readonly int _partBytes;
    private byte[]? _carry;
    private int _carryLength;
    private long _offset;
    private InputCuts _cuts;
    private bool _done;

    private InputPartReader(Stream source, bool ownsSource, bool gzip, int partBytes)
    {
        _source = source;
        _ownsSource = ownsSource;
        _content = gzip ? new GZipStream(source, CompressionMode.Decompress, leaveOpen: true) : source;
        _partBytes = partBytes;
    }

    /// <summary>
    /// A reader for the local file <paramref name="path"/> when it is large enough to read in parts (see
    /// <see cref="IsLarge"/>). Null for a smaller file, or one that cannot be opened (reading it whole then reports why).
    /// </summary>
    public static InputPartReader? OpenIfLarge(string path, int partBytes)
    {
        long length;
        try
        {
            length = new FileInfo(path).Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        if (!IsLarge(length, gzip: true, partBytes))
        {
            return null; // too small to be read in parts even as gzip: not worth opening to look
        }

        FileStream? file = null;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            InputPartReader? reader = Open(file, ownsSource: true, partBytes);
            if (reader is null)
            {
                file.Dispose();
            }

            return reader;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            file?.Dispose();
            return null;
        }
    }

    /// <summary>
    /// A reader for the seekable <paramref name="content"/> from its current position when it is large enough to read in
    /// parts, else null. The caller keeps ownership of <paramref name="content"/>.
    /// </summary>
    public static InputPartReader? OpenIfLarge(Stream content, int partBytes) => Open(content, ownsSource: false, partBytes);

    private static InputPartReader? Open(Stream content, bool ownsSource, int partBytes)
    {
        long start = content.Position;
        Span<byte> magic = stackalloc byte[2];
        bool gzip = content.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        content.Position = start;
        return IsLarge(content.Length - start, gzip, partBytes) ? new InputPartReader(content, ownsSource, gzip, partBytes) : null;
    }

    /// <summary>Plain text over <paramref name="partBytes"/>, or gzip over a quarter of it (log text compresses about tenfold).</summary>
    private static bool IsLarge(long length, bool gzip, int partBytes) => length > (gzip ? partBytes / 4 : partBytes);

    /// <summary>The next part, or null after the last.</summary>
    public InputPart? Next()
    {
        if (_done)
        {
            return null;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(_partBytes, _carryLength + 1));
        int length = 0;
        if (_carry is not null)
        {
            _carry.AsSpan(0, _carryLength).CopyTo(buffer);
            length = _carryLength;
            ArrayPool<byte>.Shared.Return(_carry);
            _carry = null;
            _carryLength = 0;
        }

        string? error = null;
        long? errorOffset = null;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    // Full: cut after the last whole line or log file. What the content is, is decided once, from the
                    // first buffer that shows it; until then, and for a line or log file longer than the buffer, it grows.
                    int cut = CutPoint(buffer.AsSpan(0, length));
                    if (cut > 0)
                    {
                        _carryLength = length - cut;
                        _carry = ArrayPool<byte>.Shared.Rent(Math.Max(_carryLength, 1));
                        buffer.AsSpan(cut, _carryLength).CopyTo(_carry);
                        return Part(buffer, cut, last: false, null, null);
                    }

                    if (buffer.Length == InputDecoder.MaxLength)
                    {
                        error = _cuts switch
                        {
                            InputCuts.AtLineEnds => "a line is longer than 2 GiB; the rest of the file was not read",
                            InputCuts.BetweenLogFiles => "a log file in it is longer than 2 GiB once decompressed; the rest was not read",
                            _ => "input is larger than 2 GiB once decompressed and is neither JSON Lines nor log files one after another; split it",
                        };
                        errorOffset = _offset + length;
                        break;
                    }

                    InputDecoder.Grow(ref buffer, length);
                }

                int read = _content.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }
        }
        catch (InvalidDataException ex)
        {
            error = InputDecoder.GzipError(_source, ex, _offset + length);
            errorOffset = _source.Position;
        }
        catch (IOException ex)
        {
            error = $"cannot read past decompressed byte offset {_offset + length}: {ex.Message}";
            errorOffset = _offset + length;
        }

        _done = true;
        return Part(buffer, length, last: true, error, errorOffset);
    }

    private InputPart Part(byte[] buffer, int length, bool last, string? error, long? errorOffset)
    {
        var part = new InputPart(buffer, length, _offset, _cuts, last, error, errorOffset);
        _offset += length;
        return part;
    }

    /// <summary>Where to cut a full buffer: the length of the part before it, or 0 when the buffer must grow first.</summary>
    private int CutPoint(ReadOnlySpan<byte> content)
    {
        // Until the first cut, _cuts is None: the content has not yet shown what it is.
        if (_cuts is InputCuts.None or InputCuts.AtLineEnds)
        {
            int newline = content.LastIndexOf((byte)'\n');
            if (newline >= 0 && (_cuts == InputCuts.AtLineEnds || RecordParser.IsJsonLines(content[..(newline + 1)], fileStart: true)))
            {
                _cuts = InputCuts.AtLineEnds;
                return newline + 1;
            }
        }

        if (_cuts is InputCuts.None or InputCuts.BetweenLogFiles)
        {
            int next = LastLogFileStart(content);
            if (next > 0 && (_cuts == InputCuts.BetweenLogFiles || StartsWithLogFile(content)))
            {
                _cuts = InputCuts.BetweenLogFiles;
                return next;
            }
        }

        return 0;
    }

    private static ReadOnlySpan<byte> LogFileStart => "{\"Records\":"u8;

    private static bool StartsWithLogFile(ReadOnlySpan<byte> content) =>
        RecordParser.FirstValue(content, fileStart: true) is int first and >= 0 && content[first..].StartsWith(LogFileStart);

    /// <summary>
    /// Where the last log file that follows another starts: a <c>{"Records":</c> whose previous byte other than
    /// whitespace is a <c>}</c>. Valid JSON has that only between documents: inside one, <c>}</c> and <c>{</c> are
    /// parted by a comma, and inside a string a quote is escaped. Returns -1 when there is none.
    /// </summary>
    private static int LastLogFileStart(ReadOnlySpan<byte> content)
    {
        for (int end = content.Length; content[..end].LastIndexOf(LogFileStart) is int at and > 0; end = at)
        {
            ReadOnlySpan<byte> before = content[..at].TrimEnd(" \t\r\n"u8);
            if (before.Length > 0 && before[^1] == (byte)'}')
            {
                return at;
            }
        }

        return -1;
    }

    public void Dispose()
    {
        if (_content != _source)
        {
            _content.Dispose();
        }

        if (_ownsSource)
        {
            _source.Dispose();
        }

        if (_carry is not null)
        {
            ArrayPool<byte>.Shared.Return(_carry);
            _carry = null;
        }
    }
}
