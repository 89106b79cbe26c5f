namespace Iota.Pipeline.Generation.Internal;

/// <summary>
/// Everything about one corpus file that is decided up front from the master seed, so files can then be
/// written in any order, in parallel, and still come out byte-identical.
/// </summary>
internal readonly record struct CorpusFilePlan(int AccountIndex, string Region, DateTime WindowStart, string RelativePath, int Seed);
