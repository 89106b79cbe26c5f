using System.Buffers.Binary;
using System.Text;

namespace Iota.Engine.Internal;

/// <summary>
/// Rules by the exact UTF-8 bytes of an event name or source: a small open-addressing table probed with the
/// bytes as they sit in the event, so dispatch neither transcodes nor hashes a string per event.
/// </summary>
internal sealed class Utf8RuleTable
{
    private readonly byte[]?[] _keys;
    private readonly IndexedRule[][] _values;
    private readonly int _mask;

    public Utf8RuleTable(IReadOnlyDictionary<string, IndexedRule[]> rules)
    {
        // At most half full, so a miss ends after a probe or two.
        int size = 8;
        while (size < rules.Count * 2)
        {
            size *= 2;
        }

        _keys = new byte[]?[size];
        _values = new IndexedRule[size][];
        _mask = size - 1;
        foreach ((string key, IndexedRule[] value) in rules)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(key);
            int slot = Slot(utf8);
            while (_keys[slot] is not null)
            {
                slot = (slot + 1) & _mask;
            }

            _keys[slot] = utf8;
            _values[slot] = value;
        }

        IsEmpty = rules.Count == 0;
    }

    public bool IsEmpty { get; }

    /// <summary>The rules registered under <paramref name="utf8"/>, or empty.</summary>
    public ReadOnlySpan<IndexedRule> Find(ReadOnlySpan<byte> utf8)
    {
        for (int slot = Slot(utf8); _keys[slot] is byte[] key; slot = (slot + 1) & _mask)
        {
            if (key.AsSpan().SequenceEqual(utf8))
            {
                return _values[slot];
            }
        }

        return default;
    }

    // Length and the first and last eight bytes: event names sharing a prefix (GetObject, GetObjectAcl) differ in
    // length or tail, and the table stores the whole key to compare anyway.
    private int Slot(ReadOnlySpan<byte> key)
    {
        ulong head, tail;
        if (key.Length >= 8)
        {
            head = BinaryPrimitives.ReadUInt64LittleEndian(key);
            tail = BinaryPrimitives.ReadUInt64LittleEndian(key[^8..]);
        }
        else
        {
            head = 0;
            foreach (byte b in key)
            {
                head = (head << 8) | b;
            }

            tail = 0;
        }

        ulong hash = ((head * 0x9E3779B97F4A7C15UL) ^ (tail * 0xC2B2AE3D27D4EB4FUL) ^ (ulong)key.Length) * 0x165667B19E3779F9UL;
        return (int)(hash >> 40) & _mask;
    }
}
