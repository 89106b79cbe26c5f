using System.CommandLine;
using Iota.Throughput;

var events = new Option<int>("--events") { Description = "Corpus size in events.", DefaultValueFactory = _ => 1_000_000 };
var eventsPerFile = new Option<int>("--events-per-file") { Description = "Records per log file.", DefaultValueFactory = _ => 5_000 };
var seed = new Option<int>("--seed") { Description = "Corpus seed.", DefaultValueFactory = _ => 1 };
var repeat = new Option<int>("--repeat") { Description = "Rounds of (a, b); each figure is the best round. Rounds interleave so noise hits both alike.", DefaultValueFactory = _ => 1 };
var cache = new Option<string>("--cache") { Description = "Corpus cache folder (default: artifacts/corpus in the repository)." };
var output = new Option<string>("--out") { Description = "Where to write the JSON (default: artifacts/throughput.json in the repository)." };
var cli = new Option<string>("--cli") { Description = "A built iota.dll to measure (default: publish src/Iota.Cli as deployed, Release and ReadyToRun, to artifacts/cli and use it)." };
var workers = new Option<int?>("--workers") { Description = "Workers for the floor and for iota run (default: one per core)." };
var skipPython = new Option<bool>("--skip-python") { Description = "Skip (c), the Python rule set." };
var root = new RootCommand("Throughput harness: the floor (a), iota run with the bundled rules (b) and with Python rules (c) on one corpus.")
{
    events, eventsPerFile, seed, repeat, cache, output, cli, workers, skipPython,
};
var floorFolder = new Argument<string>("CORPUS");
var floorWorkers = new Option<int>("--workers") { DefaultValueFactory = _ => Environment.ProcessorCount };
var floor = new Command(FloorMeasurement.CommandName, "The floor's work alone, for the harness to time as a process.") { floorFolder, floorWorkers };
floor.Hidden = true;
floor.SetAction(parse => FloorMeasurement.RunChild(parse.GetRequiredValue(floorFolder), parse.GetValue(floorWorkers)));
root.Subcommands.Add(floor);
root.SetAction(parse => ThroughputRun.Execute(new ThroughputSettings(
    parse.GetValue(events), parse.GetValue(eventsPerFile), parse.GetValue(seed), Math.Max(1, parse.GetValue(repeat)),
    parse.GetValue(cache), parse.GetValue(output), parse.GetValue(cli), parse.GetValue(workers), parse.GetValue(skipPython))));
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
