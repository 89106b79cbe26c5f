namespace Iota.Pipeline.Generation;

/// <summary>What <see cref="CloudTrailCorpusGenerator.Generate"/> wrote.</summary>
/// <param name="Files">Number of <c>.json.gz</c> files written.</param>
/// <param name="Events">Number of CloudTrail records across all files.</param>
/// <param name="RiskyEvents">
/// How many of those records are risky management events (trail tampering, public exposure, privilege
/// grants, failed or root sign-ins, offensive tooling); a throughput run can compare its alert count to it.
/// </param>
/// <param name="UncompressedBytes">Total JSON bytes before compression.</param>
/// <param name="CompressedBytes">Total bytes on disk.</param>
public sealed record CorpusSummary(int Files, long Events, long RiskyEvents, long UncompressedBytes, long CompressedBytes);
