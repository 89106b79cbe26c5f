using BenchmarkDotNet.Running;

// Pick benchmarks with --filter, e.g. `--filter '*Evaluation*'`; with no arguments it asks which to run.
BenchmarkSwitcher.FromAssembly(typeof(Iota.Benchmarks.BloomFilterBenchmarks).Assembly).Run(args);
