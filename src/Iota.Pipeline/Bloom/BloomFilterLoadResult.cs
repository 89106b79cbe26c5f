namespace Iota.Pipeline.Bloom;

/// <summary>
/// What <see cref="BloomFilter.LoadOrCreate"/> produced: a usable filter, and when the saved file could not be
/// trusted, a message for the operator saying which file and why it was set aside.
/// </summary>
public sealed record BloomFilterLoadResult(BloomFilter Filter, string? Problem);
