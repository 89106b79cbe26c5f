using BenchmarkDotNet.Running;

// Pick benchmarks with --filter, e.g. `--filter '*Evaluation*'`; with no arguments it asks which to run.
// `rule-costs` prints a rough per-rule cost table instead (see RuleCostReport).
if (args is ["rule-costs"])
{
    Iota.Benchmarks.RuleCostReport.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Iota.Benchmarks.BloomFilterBenchmarks).Assembly).Run(args);
