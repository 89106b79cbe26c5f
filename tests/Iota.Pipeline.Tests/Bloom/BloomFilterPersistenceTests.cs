using System.Buffers.Binary;
using Iota.Pipeline.Bloom;
using Iota.Pipeline.Bloom.Internal;

namespace Iota.Pipeline.Tests.Bloom;

public sealed class BloomFilterPersistenceTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("iota-bloom-");

    public void Dispose() => _directory.Delete(recursive: true);

    private string PathFor(string name) => Path.Combine(_directory.FullName, name);

    private static BloomFilter FilledFilter(long capacity, int keys)
    {
        var filter = new BloomFilter(capacity, 0.001);
        for (var i = 0; i < keys; i++)
        {
            filter.Add(Keys.Inserted(i));
        }

        return filter;
    }

    [Fact]
    public void A_missing_file_gives_an_empty_filter_and_no_problem()
    {
        var (filter, problem) = BloomFilter.LoadOrCreate(PathFor("absent.bloom"), 1000, 0.001);

        Assert.Null(problem);
        Assert.Equal(0, filter.Count);
        Assert.Equal(1000, filter.Capacity);
    }

    [Fact]
    public void Save_then_load_preserves_membership_counts_and_generations()
    {
        var path = PathFor("seen.bloom");
        // 15,000 keys at capacity 10,000 leaves two live generations: keys 5,000..14,999.
        var saved = FilledFilter(10_000, 15_000);
        saved.Save(path);

        var (loaded, problem) = BloomFilter.LoadOrCreate(path, 10_000, 0.001);

        Assert.Null(problem);
        Assert.False(File.Exists(path + ".tmp"));
        Assert.Equal(saved.LiveGenerations, loaded.LiveGenerations);
        Assert.Equal(saved.Count, loaded.Count);
        for (var i = 0; i < 15_000; i++)
        {
            Assert.Equal(saved.Contains(Keys.Inserted(i)), loaded.Contains(Keys.Inserted(i)));
        }

        for (var i = 10_000; i < 15_000; i++)
        {
            Assert.False(loaded.Add(Keys.Inserted(i)), $"key {i} forgotten by the reload");
        }

        // The loaded filter keeps ageing where the saved one stopped.
        for (var i = 15_000; i < 20_000; i++)
        {
            loaded.Add(Keys.Inserted(i));
        }

        Assert.True(loaded.Add(Keys.Inserted(20_000)));
        Assert.Equal(2, loaded.LiveGenerations);
        var agedOut = Enumerable.Range(5_000, 5_000).Count(i => loaded.Contains(Keys.Inserted(i)));
        Assert.True(agedOut < 25, $"{agedOut} of the 5,000 keys in the dropped generation still read present");
    }

    [Fact]
    public void Save_replaces_an_earlier_file()
    {
        var path = PathFor("seen.bloom");
        FilledFilter(1000, 10).Save(path);
        var second = FilledFilter(1000, 500);
        second.Save(path);

        var (loaded, problem) = BloomFilter.LoadOrCreate(path, 1000, 0.001);

        Assert.Null(problem);
        Assert.Equal(500, loaded.Count);
    }

    [Fact]
    public void A_truncated_file_is_reported_and_replaced_by_an_empty_filter()
    {
        var path = PathFor("seen.bloom");
        FilledFilter(1000, 100).Save(path);
        using (var stream = new FileStream(path, FileMode.Open))
        {
            stream.SetLength(stream.Length - 100);
        }

        var (filter, problem) = BloomFilter.LoadOrCreate(path, 1000, 0.001);

        Assert.NotNull(problem);
        Assert.Contains(path, problem);
        Assert.Contains("truncated", problem);
        Assert.Contains("starting empty", problem);
        AssertEmpty(filter);
    }

    [Fact]
    public void A_file_cut_inside_its_header_is_reported()
    {
        var path = PathFor("seen.bloom");
        FilledFilter(1000, 100).Save(path);
        using (var stream = new FileStream(path, FileMode.Open))
        {
            stream.SetLength(20);
        }

        var (filter, problem) = BloomFilter.LoadOrCreate(path, 1000, 0.001);

        Assert.Contains("truncated", problem);
        AssertEmpty(filter);
    }

    [Fact]
    public void A_flipped_byte_fails_the_checksum_and_is_reported()
    {
        var path = PathFor("seen.bloom");
        FilledFilter(1000, 100).Save(path);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(path, bytes);

        var (filter, problem) = BloomFilter.LoadOrCreate(path, 1000, 0.001);

        Assert.NotNull(problem);
        Assert.Contains(path, problem);
        Assert.Contains("checksum", problem);
        AssertEmpty(filter);
    }

    [Fact]
    public void A_file_that_is_not_a_bloom_filter_is_reported()
    {
        var path = PathFor("seen.bloom");
        File.WriteAllText(path, "{\"Records\": [] } and some more text to pass the header length");

        var (filter, problem) = BloomFilter.LoadOrCreate(path, 1000, 0.001);

        Assert.Contains("bad magic", problem);
        AssertEmpty(filter);
    }

    [Fact]
    public void A_file_of_another_format_version_is_reported()
    {
        var path = PathFor("seen.bloom");
        FilledFilter(1000, 100).Save(path);
        var bytes = File.ReadAllBytes(path);
        bytes[8] = 3;
        File.WriteAllBytes(path, bytes);

        var (filter, problem) = BloomFilter.LoadOrCreate(path, 1000, 0.001);

        Assert.Contains("format version 3, but this build reads version 2", problem);
        AssertEmpty(filter);
    }

    [Fact]
    public void A_file_of_the_old_unblocked_format_is_reported_and_replaced()
    {
        var path = PathFor("seen.bloom");
        File.WriteAllBytes(path, VersionOneFile(capacity: 1000, rate: 0.001));

        var (filter, problem) = BloomFilter.LoadOrCreate(path, 1000, 0.001);

        Assert.NotNull(problem);
        Assert.Contains(path, problem);
        Assert.Contains("format version 1, but this build reads version 2", problem);
        Assert.Contains("starting empty", problem);
        AssertEmpty(filter);

        filter.Add(Keys.Inserted(1));
        filter.Save(path);
        var (reloaded, again) = BloomFilter.LoadOrCreate(path, 1000, 0.001);
        Assert.Null(again);
        Assert.True(reloaded.Contains(Keys.Inserted(1)));
    }

    [Fact]
    public void A_file_written_for_another_capacity_is_reported_and_not_used()
    {
        var path = PathFor("seen.bloom");
        FilledFilter(1000, 100).Save(path);

        var (filter, problem) = BloomFilter.LoadOrCreate(path, 2000, 0.001);

        Assert.NotNull(problem);
        Assert.Contains(path, problem);
        Assert.Contains("was written for capacity 1000 at rate 0.001", problem);
        Assert.Contains("capacity 2000", problem);
        Assert.Equal(2000, filter.Capacity);
        AssertEmpty(filter);
    }

    [Fact]
    public void A_file_written_for_another_rate_is_reported_and_not_used()
    {
        var path = PathFor("seen.bloom");
        FilledFilter(1000, 100).Save(path);

        var (filter, problem) = BloomFilter.LoadOrCreate(path, 1000, 0.01);

        Assert.Contains("at rate 0.001", problem);
        Assert.Contains("at rate 0.01 ", problem);
        AssertEmpty(filter);
    }

    private static void AssertEmpty(BloomFilter filter)
    {
        Assert.Equal(0, filter.Count);
        Assert.Equal(1, filter.LiveGenerations);
        Assert.False(filter.Contains(Keys.Inserted(1)));
    }

    // A well-formed file as version 1 wrote it: the same header and checksum, with a classic filter's sizing
    // (1000 keys at 0.1% in two generations: 7,232 bits and 11 probes) and one live, empty generation.
    internal static byte[] VersionOneFile(long capacity, double rate)
    {
        const long bits = 7_232;
        var bytes = new byte[48 + 8 + (bits / 8) + 8];
        "IOTABLOM"u8.CopyTo(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), 1);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(12), capacity);
        BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(20), rate);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(28), 2);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(32), bits);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(40), 11);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(44), 1);
        var hash = XxHash64.HashToUInt64(bytes.AsSpan(0, bytes.Length - 8));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8), hash);
        return bytes;
    }
}
