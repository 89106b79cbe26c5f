namespace Iota.Pipeline.Generation.Internal;

/// <summary>What writing one corpus file produced.</summary>
internal readonly record struct CorpusFileResult(long Events, long RiskyEvents, long UncompressedBytes, long CompressedBytes);
