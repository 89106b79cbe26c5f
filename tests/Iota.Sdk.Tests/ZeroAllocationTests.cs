using System.Runtime.CompilerServices;
using Iota.Sdk;

namespace Iota.Sdk.Tests;

/// <summary>
/// Reading and comparing fields allocates nothing: rules run on every event, so a per-event allocation is a
/// per-event GC cost. Measured with the current thread's allocation counter around a warmed-up loop.
/// </summary>
public sealed class ZeroAllocationTests
{
    private static readonly Event Sample = Event.Parse("""
        {
          "eventName": "ConsoleLogin",
          "eventSource": "signin.amazonaws.com",
          "userIdentity": {"type": "Root", "arn": "arn:aws:iam::111122223333:root",
            "sessionContext": {"attributes": {"mfaAuthenticated": "true"}}},
          "userAgent": "\u0041ws-cli/2.0 \"quoted\" \ud83d\ude00",
          "requestParameters": {"items": [{"x": 1}, {"x": 2}, {"x": 3}], "us\u0065rName": "bob"},
          "eventTime": "2026-11-03T09:58:41Z",
          "count": 12345
        }
        """);

    private static readonly SubstringSet Markers = new("pacu", "\"QUOTED\"", "-kali");

    [Fact]
    public void Reading_and_comparing_fields_allocates_nothing()
    {
        Assert.Equal(ReadEverything(Sample), ReadEverything(Sample));

        long before = GC.GetAllocatedBytesForCurrentThread();
        int hits = 0;
        for (int i = 0; i < 1000; i++)
        {
            hits += ReadEverything(Sample);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(1000 * ReadEverything(Sample), hits);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Every_comparison_in_the_measured_loop_is_true()
    {
        // Proves the allocation test measures the paths that find and compare values, not early exits.
        Assert.Equal(24, ReadEverything(Sample));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int ReadEverything(Event e)
    {
        int hits = 0;
        hits += e.EventName == "ConsoleLogin" ? 1 : 0;
        hits += e.EventSource.Equals("signin.amazonaws.com"u8) ? 1 : 0;
        hits += e.Get("userIdentity.type"u8).Equals("Root"u8) ? 1 : 0;
        hits += e.Get("userIdentity.type").Equals("Root") ? 1 : 0;
        hits += e["userIdentity.sessionContext.attributes.mfaAuthenticated"].AsBoolean() == true ? 1 : 0;
        hits += e.UserIdentity.IsRoot ? 1 : 0;
        hits += e.UserIdentity.MfaAuthenticated == true ? 1 : 0;
        hits += e.UserAgent.Equals("Aws-cli/2.0 \"quoted\" \U0001F600") ? 1 : 0;
        hits += e.UserAgent.Equals("Aws-cli/2.0 \"quoted\" 😀"u8) ? 1 : 0;
        hits += e.UserAgent.StartsWith("Aws-cli") ? 1 : 0;
        hits += e.UserAgent.EndsWith("\U0001F600") ? 1 : 0;
        hits += e.UserAgent.Contains("\"quoted\"") ? 1 : 0;
        hits += e.UserAgent.ContainsIgnoreCase("AWS-CLI") ? 1 : 0;
        hits += e.UserAgent.EqualsIgnoreCase("aws-cli/2.0 \"QUOTED\" \U0001F600") ? 1 : 0;
        hits += e.UserAgent.FirstContainedIgnoreCase(Markers) == 1 ? 1 : 0;
        hits += !e.EventSource.ContainsAnyIgnoreCase(Markers) ? 1 : 0;
        hits += e.EventName.IsOneOf("GetObject", "ConsoleLogin") ? 1 : 0;
        hits += e.Get("requestParameters.items[2].x").AsInt64() == 3 ? 1 : 0;
        hits += e.Get("requestParameters.userName").Equals("bob") ? 1 : 0;
        hits += e.Get("count").AsDouble() == 12345.0 ? 1 : 0;
        hits += e.EventTime is not null ? 1 : 0;
        hits += e.Get("no.such.field") == null ? 1 : 0;

        int sum = 0;
        foreach (JsonField item in e.RequestParameters["items"].EnumerateArray())
        {
            sum += (int)(item["x"].AsInt64() ?? 0);
        }

        hits += sum == 6 ? 1 : 0;

        int members = 0;
        foreach (JsonMember member in e.Root.EnumerateObject())
        {
            members += member.Name.StartsWith("event") ? 1 : 0;
        }

        hits += members == 3 ? 1 : 0;
        return hits;
    }
}
