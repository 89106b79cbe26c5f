using System.Diagnostics;
using System.Reflection;
using Iota.Pipeline;
using Iota.Pipeline.Generation;
using Iota.Sdk;

namespace Iota.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/Iota.Benchmarks -- rule-costs</c>: a rough per-rule cost table for
/// finding hot rules (not a BenchmarkDotNet measurement). Each compiled bundled rule's <see cref="Rule.Match"/>
/// runs over the events its prefilter lets through, and its time is spread over every event of the mix, so the
/// column adds up to what the pack's matching costs per event.
/// </summary>
internal static class RuleCostReport
{
    public static void Run()
    {
        string folder = Directory.CreateTempSubdirectory("iota-bench-").FullName;
        using var batch = new EventBatch();
        try
        {
            CloudTrailCorpusGenerator.Generate(folder, files: 1, eventsPerFile: 5_000, seed: 3);
            batch.LoadFile(Directory.EnumerateFiles(folder, "*.json.gz", SearchOption.AllDirectories).Single());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        string plugin = Path.Combine(SampleEvents.RulesFolder(), "Iota.Rules.CloudTrail", "Iota.Rules.CloudTrail.dll");
        Rule[] rules = [.. Assembly.LoadFrom(plugin).GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Rule)) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (Rule)Activator.CreateInstance(t)!)];
        Event[] events = [.. Enumerable.Range(0, batch.Count).Select(i => batch.Events[i])];

        // The first pass lets tiered compilation settle (the rules measured first would otherwise pay for it).
        Measure(rules, events);
        List<(string Id, int Seen, int Matched, double Match, double Alert)> rows = Measure(rules, events);
        Console.WriteLine($"{"rule",-50} {"sees",6} {"matches",8} {"Match ns/ev",12} {"alert ns/ev",12}");
        foreach ((string id, int seen, int matched, double match, double alert) in rows.OrderByDescending(r => r.Match + r.Alert))
        {
            Console.WriteLine($"{id,-50} {seen,6} {matched,8} {match,12:F1} {alert,12:F1}");
        }

        Console.WriteLine($"{"total",-50} {"",6} {rows.Sum(r => r.Matched),8} {rows.Sum(r => r.Match),12:F1} {rows.Sum(r => r.Alert),12:F1}");
    }

    private static List<(string Id, int Seen, int Matched, double Match, double Alert)> Measure(Rule[] rules, Event[] events)
    {
        var rows = new List<(string Id, int Seen, int Matched, double Match, double Alert)>();
        foreach (Rule rule in rules)
        {
            Event[] seen = [.. events.Where(e => Passes(rule, e))];
            int sink = 0;
            foreach (Event e in seen)
            {
                sink += rule.Match(e) ? 1 : 0; // warm-up
            }

            const int Rounds = 200;
            var watch = Stopwatch.StartNew();
            for (int r = 0; r < Rounds; r++)
            {
                foreach (Event e in seen)
                {
                    sink += rule.Match(e) ? 1 : 0;
                }
            }

            double match = watch.Elapsed.TotalNanoseconds / Rounds / events.Length;

            // What a match then costs: the alert's title, dedup string, severity and context (before the engine
            // writes the context as JSON), spread over the mix like the match time.
            Event[] matched = [.. seen.Where(rule.Match)];
            watch.Restart();
            for (int r = 0; r < Rounds; r++)
            {
                foreach (Event e in matched)
                {
                    sink += rule.Title(e).Length + rule.Dedup(e).Length + (int)rule.SeverityFor(e) + (rule.AlertContext(e)?.Count ?? 0);
                }
            }

            rows.Add((rule.Id, seen.Length, matched.Length, match, watch.Elapsed.TotalNanoseconds / Rounds / events.Length));
            GC.KeepAlive(sink);
        }

        return rows;
    }

    private static bool Passes(Rule rule, Event e) =>
        (rule.EventSources.Count == 0 || rule.EventSources.Any(s => e.EventSource.Equals(s)))
        && (rule.EventNames.Count == 0 || rule.EventNames.Any(n => e.EventName.Equals(n)));
}
