namespace Iota.Pipeline.Outputs;

/// <summary>An output as configured: what it is and which alerts it receives.</summary>
public sealed record ConfiguredOutput(OutputSpec Spec, OutputRoute Route);
