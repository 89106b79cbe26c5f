using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Iota.Pipeline.Bloom.Internal;

/// <summary>
/// One blocked bloom filter: an array of 512-bit blocks, each one 64-byte cache line, and how many keys went
/// into it. A key owns one block and one bit in each of the block's eight 64-bit words, so testing or adding
/// it touches a single cache line: about one cache miss per generation instead of one per probe.
/// </summary>
/// <remarks>
/// Writers (<see cref="Add"/>) must hold the owning filter's write lock; readers
/// need no lock. Bits only ever go from 0 to 1, and every aligned 64-bit word is read and written whole, so a
/// reader racing a writer sees each word either before or after the write.
/// </remarks>
internal sealed class BloomGeneration
{
    /// <summary>64-bit words per block; also the number of bits set per key.</summary>
    public const int WordsPerBlock = 8;

    private const int BlockBytes = WordsPerBlock * sizeof(ulong);

    // Pinned so the blocks can be aligned to cache lines once (the array never moves) and prefetched by address.
    private readonly ulong[] _storage;
    private readonly int _offset;
    private long _count;

    public BloomGeneration(long blockCount)
        : this(blockCount, 0)
    {
    }

    public BloomGeneration(long blockCount, long count)
    {
        BlockCount = blockCount;
        _storage = GC.AllocateArray<ulong>(checked((int)(blockCount * WordsPerBlock) + WordsPerBlock - 1), pinned: true);
        _offset = AlignedOffset(_storage);
        _count = count;
    }

    public long BlockCount { get; }

    /// <summary>The blocks as 64-bit words, block after block: what the filter file stores.</summary>
    public Span<ulong> Words => _storage.AsSpan(_offset, (int)(BlockCount * WordsPerBlock));

    public long Count => Volatile.Read(ref _count);

    /// <summary>The block of a key hash. Lemire's multiply-shift maps the hash's high bits onto the block range.</summary>
    public static nuint BlockOf(ulong keyHash, long blockCount) => (nuint)Math.BigMul(keyHash, (ulong)blockCount, out _);

    /// <summary>Asks the CPU to start loading the block, so the miss overlaps work on earlier keys.</summary>
    public unsafe void Prefetch(nuint block)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref BlockStart(block)));
        }
    }

    public bool Contains(nuint block, in BlockMask mask)
    {
        ref var start = ref BlockStart(block);
        var missing = Vector256.AndNot(mask.Low, Vector256.LoadUnsafe(ref start))
            | Vector256.AndNot(mask.High, Vector256.LoadUnsafe(ref start, 4));
        return missing == Vector256<ulong>.Zero;
    }

    /// <summary>
    /// Sets the key's bits and counts it. The caller holds the filter's write lock, so no other thread writes the
    /// block and a plain increment of the count cannot be lost.
    /// </summary>
    public void Add(nuint block, in BlockMask mask)
    {
        ref var start = ref BlockStart(block);
        (Vector256.LoadUnsafe(ref start) | mask.Low).StoreUnsafe(ref start);
        (Vector256.LoadUnsafe(ref start, 4) | mask.High).StoreUnsafe(ref start, 4);
        Volatile.Write(ref _count, _count + 1);
    }

    private ref ulong BlockStart(nuint block) =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_storage), (nuint)_offset + (block * WordsPerBlock));

    private static unsafe int AlignedOffset(ulong[] pinned)
    {
        var address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));
        return (int)((BlockBytes - (address % BlockBytes)) % BlockBytes) / sizeof(ulong);
    }
}

/// <summary>
/// Which bit a key sets in each word of its block, as two 256-bit masks (words 0-3 and 4-7). Each word's bit
/// index is the top six bits of the key hash's low half times that word's odd constant, so the eight bits
/// are spread independently of each other and of the block choice (which uses the hash's high bits).
/// </summary>
internal readonly struct BlockMask
{
    private BlockMask(Vector256<ulong> low, Vector256<ulong> high)
    {
        Low = low;
        High = high;
    }

    public Vector256<ulong> Low { get; }

    public Vector256<ulong> High { get; }

    // Odd 32-bit constants drawn at random once. They are part of the file format: changing them needs a new version.
    private static ReadOnlySpan<uint> Salts => [0xF0480FF9U, 0x86DC283DU, 0x2CB6916DU, 0x47EAA099U, 0x593942A5U, 0xCA118783U, 0x9BF13331U, 0x1509BB0BU];

    public static BlockMask For(ulong keyHash)
    {
        var pattern = (uint)keyHash;
        if (!Avx2.IsSupported)
        {
            return ForScalar(pattern);
        }

        var shifts = Vector256.ShiftRightLogical(Vector256.Create(pattern) * Vector256.Create(Salts), 26);
        var (lower, upper) = Vector256.Widen(shifts);
        return new BlockMask(
            Avx2.ShiftLeftLogicalVariable(Vector256<ulong>.One, lower),
            Avx2.ShiftLeftLogicalVariable(Vector256<ulong>.One, upper));
    }

    /// <summary>The same masks without AVX2: what <see cref="For"/> computes elsewhere, and its reference in tests.</summary>
    internal static BlockMask ForScalar(uint pattern)
    {
        var salts = Salts;
        Span<ulong> bits = stackalloc ulong[BloomGeneration.WordsPerBlock];
        for (var i = 0; i < bits.Length; i++)
        {
            bits[i] = 1UL << (int)((pattern * salts[i]) >> 26);
        }

        return new BlockMask(Vector256.Create<ulong>(bits[..4]), Vector256.Create<ulong>(bits[4..]));
    }
}
