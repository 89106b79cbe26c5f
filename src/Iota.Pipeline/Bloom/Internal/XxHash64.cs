using System.Buffers.Binary;
using System.Numerics;

namespace Iota.Pipeline.Bloom.Internal;

/// <summary>
/// XXH64, written from the xxHash specification. Bloom filter probe positions are persisted, so the hash
/// must give the same value in every process and on every machine: <see cref="string.GetHashCode()"/> and
/// <see cref="HashCode"/> are randomised per process and cannot be used. The shape (static one-shot plus
/// <see cref="Append"/>/<see cref="GetCurrentHashAsUInt64"/>) follows System.IO.Hashing.XxHash64 so that
/// package can replace this type once the registry serves it.
/// </summary>
internal sealed class XxHash64
{
    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;
    private const ulong Prime3 = 0x165667B19E3779F9UL;
    private const ulong Prime4 = 0x85EBCA77C2B2AE63UL;
    private const ulong Prime5 = 0x27D4EB2F165667C5UL;
    private const int StripeLength = 32;

    private readonly ulong _seed;
    private readonly byte[] _pending = new byte[StripeLength];
    private int _pendingLength;
    private ulong _totalLength;
    private ulong _v1;
    private ulong _v2;
    private ulong _v3;
    private ulong _v4;

    public XxHash64(ulong seed = 0)
    {
        _seed = seed;
        InitAccumulators(seed, out _v1, out _v2, out _v3, out _v4);
    }

    public static ulong HashToUInt64(ReadOnlySpan<byte> source, ulong seed = 0)
    {
        ulong acc;
        var remaining = source;
        if (source.Length >= StripeLength)
        {
            InitAccumulators(seed, out var v1, out var v2, out var v3, out var v4);
            while (remaining.Length >= StripeLength)
            {
                ConsumeStripe(remaining, ref v1, ref v2, ref v3, ref v4);
                remaining = remaining[StripeLength..];
            }

            acc = MergeAccumulators(v1, v2, v3, v4);
        }
        else
        {
            acc = seed + Prime5;
        }

        acc += (ulong)source.Length;
        return Finish(acc, remaining);
    }

    public void Append(ReadOnlySpan<byte> source)
    {
        _totalLength += (ulong)source.Length;

        if (_pendingLength > 0)
        {
            var take = Math.Min(StripeLength - _pendingLength, source.Length);
            source[..take].CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength += take;
            source = source[take..];
            if (_pendingLength < StripeLength)
            {
                return;
            }

            ConsumeStripe(_pending, ref _v1, ref _v2, ref _v3, ref _v4);
            _pendingLength = 0;
        }

        while (source.Length >= StripeLength)
        {
            ConsumeStripe(source, ref _v1, ref _v2, ref _v3, ref _v4);
            source = source[StripeLength..];
        }

        source.CopyTo(_pending);
        _pendingLength = source.Length;
    }

    public ulong GetCurrentHashAsUInt64()
    {
        var acc = _totalLength >= StripeLength ? MergeAccumulators(_v1, _v2, _v3, _v4) : _seed + Prime5;
        acc += _totalLength;
        return Finish(acc, _pending.AsSpan(0, _pendingLength));
    }

    private static void InitAccumulators(ulong seed, out ulong v1, out ulong v2, out ulong v3, out ulong v4)
    {
        v1 = seed + Prime1 + Prime2;
        v2 = seed + Prime2;
        v3 = seed;
        v4 = seed - Prime1;
    }

    private static void ConsumeStripe(ReadOnlySpan<byte> stripe, ref ulong v1, ref ulong v2, ref ulong v3, ref ulong v4)
    {
        v1 = Round(v1, BinaryPrimitives.ReadUInt64LittleEndian(stripe));
        v2 = Round(v2, BinaryPrimitives.ReadUInt64LittleEndian(stripe[8..]));
        v3 = Round(v3, BinaryPrimitives.ReadUInt64LittleEndian(stripe[16..]));
        v4 = Round(v4, BinaryPrimitives.ReadUInt64LittleEndian(stripe[24..]));
    }

    private static ulong MergeAccumulators(ulong v1, ulong v2, ulong v3, ulong v4)
    {
        var acc = BitOperations.RotateLeft(v1, 1) + BitOperations.RotateLeft(v2, 7)
            + BitOperations.RotateLeft(v3, 12) + BitOperations.RotateLeft(v4, 18);
        acc = MergeRound(acc, v1);
        acc = MergeRound(acc, v2);
        acc = MergeRound(acc, v3);
        return MergeRound(acc, v4);
    }

    private static ulong Finish(ulong acc, ReadOnlySpan<byte> tail)
    {
        while (tail.Length >= 8)
        {
            acc ^= Round(0, BinaryPrimitives.ReadUInt64LittleEndian(tail));
            acc = (BitOperations.RotateLeft(acc, 27) * Prime1) + Prime4;
            tail = tail[8..];
        }

        if (tail.Length >= 4)
        {
            acc ^= BinaryPrimitives.ReadUInt32LittleEndian(tail) * Prime1;
            acc = (BitOperations.RotateLeft(acc, 23) * Prime2) + Prime3;
            tail = tail[4..];
        }

        foreach (var b in tail)
        {
            acc ^= b * Prime5;
            acc = BitOperations.RotateLeft(acc, 11) * Prime1;
        }

        acc ^= acc >> 33;
        acc *= Prime2;
        acc ^= acc >> 29;
        acc *= Prime3;
        acc ^= acc >> 32;
        return acc;
    }

    private static ulong Round(ulong acc, ulong lane)
    {
        acc += lane * Prime2;
        acc = BitOperations.RotateLeft(acc, 31);
        return acc * Prime1;
    }

    private static ulong MergeRound(ulong acc, ulong value)
    {
        acc ^= Round(0, value);
        return (acc * Prime1) + Prime4;
    }
}
