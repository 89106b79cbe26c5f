using Iota.Pipeline;

namespace Iota.Aws.Sources;

/// <summary>One committed unit of work from an AWS source.</summary>
/// <param name="UnitKey">The key its alerts were committed under, e.g. <c>s3://bucket/key#etag</c>.</param>
/// <param name="Source">Where its bytes came from, for messages.</param>
/// <param name="Bytes">Bytes downloaded or received.</param>
/// <param name="Outcome">What processing produced.</param>
/// <param name="Errors">Bad records found in it; the readable ones were processed.</param>
public sealed record UnitResult(string UnitKey, string Source, long Bytes, UnitOutcome Outcome, IReadOnlyList<InputError> Errors);
