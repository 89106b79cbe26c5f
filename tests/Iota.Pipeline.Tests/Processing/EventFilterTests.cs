using Iota.Pipeline.Tests.Support;
using Iota.Sdk;
using static Iota.Pipeline.Tests.Support.LogFiles;

namespace Iota.Pipeline.Tests.Processing;

/// <summary>The seen-events filter: duplicates by eventID, persisted in the state directory, never trusting a bad file.</summary>
public sealed class EventFilterTests : IDisposable
{
    private const long Capacity = 10_000;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void An_event_is_a_duplicate_only_after_it_is_remembered()
    {
        using EventFilter filter = EventFilter.Open(null, Capacity);
        Event first = Event.Parse(Record(1));
        Event sameId = Event.Parse(Record(1, "DifferentName"));
        Event other = Event.Parse(Record(2));

        Assert.False(filter.IsDuplicate(first));
        Assert.False(filter.IsDuplicate(first));

        filter.Remember(first);

        Assert.True(filter.IsDuplicate(first));
        Assert.True(filter.IsDuplicate(sameId));
        Assert.False(filter.IsDuplicate(other));
    }

    [Fact]
    public void Events_without_an_event_id_are_keyed_by_their_bytes()
    {
        using EventFilter filter = EventFilter.Open(null, Capacity);
        Event a = Event.Parse("""{"eventName": "X", "n": 1}""");
        Event sameText = Event.Parse("""{"eventName": "X", "n": 1}""");
        Event differentText = Event.Parse("""{"eventName": "X", "n": 2}""");

        filter.Remember(a);

        Assert.True(filter.IsDuplicate(sameText));
        Assert.False(filter.IsDuplicate(differentText));
    }

    [Fact]
    public void Remembered_events_survive_dispose_and_reopen_in_a_state_directory()
    {
        Event seen = Event.Parse(Record(1));
        Event unseen = Event.Parse(Record(2));
        using (EventFilter filter = EventFilter.Open(_dir.Path, Capacity))
        {
            filter.Remember(seen);
        }

        Assert.True(File.Exists(Path.Combine(_dir.Path, EventFilter.FileName)));

        var warnings = new List<string>();
        using EventFilter reopened = EventFilter.Open(_dir.Path, Capacity, warn: warnings.Add);

        Assert.Empty(warnings);
        Assert.True(reopened.IsDuplicate(seen));
        Assert.False(reopened.IsDuplicate(unseen));
    }

    [Fact]
    public void Without_a_state_directory_nothing_persists()
    {
        Event seen = Event.Parse(Record(1));
        using (EventFilter filter = EventFilter.Open(null, Capacity))
        {
            filter.Remember(seen);
        }

        using EventFilter fresh = EventFilter.Open(null, Capacity);
        Assert.False(fresh.IsDuplicate(seen));
    }

    [Fact]
    public void A_corrupt_filter_file_is_reported_through_warn_and_replaced()
    {
        string path = Path.Combine(_dir.Path, EventFilter.FileName);
        Event seen = Event.Parse(Record(1));
        using (EventFilter filter = EventFilter.Open(_dir.Path, Capacity))
        {
            filter.Remember(seen);
        }

        byte[] bytes = File.ReadAllBytes(path);
        for (int i = bytes.Length / 2; i < bytes.Length / 2 + 16; i++)
        {
            bytes[i] ^= 0xFF;
        }

        File.WriteAllBytes(path, bytes);

        var warnings = new List<string>();
        Event after = Event.Parse(Record(3));
        using (EventFilter filter = EventFilter.Open(_dir.Path, Capacity, warn: warnings.Add))
        {
            string warning = Assert.Single(warnings);
            Assert.Contains(path, warning, StringComparison.Ordinal);
            Assert.False(filter.IsDuplicate(seen));
            filter.Remember(after);
        }

        warnings.Clear();
        using EventFilter reopened = EventFilter.Open(_dir.Path, Capacity, warn: warnings.Add);
        Assert.Empty(warnings);
        Assert.True(reopened.IsDuplicate(after));
    }

    [Fact]
    public void A_garbage_filter_file_is_reported_and_replaced()
    {
        string path = Write(_dir.Path, EventFilter.FileName, "this is not a bloom filter");
        var warnings = new List<string>();

        using (EventFilter filter = EventFilter.Open(_dir.Path, Capacity, warn: warnings.Add))
        {
            Assert.Single(warnings);
            filter.Remember(Event.Parse(Record(1)));
        }

        Assert.NotEqual("this is not a bloom filter", File.ReadAllText(path));
    }

    [Fact]
    public void Save_writes_the_file_only_when_it_lacks_remembered_events()
    {
        string path = Path.Combine(_dir.Path, EventFilter.FileName);
        var past = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        Event seen = Event.Parse(Record(1));
        using (EventFilter filter = EventFilter.Open(_dir.Path, Capacity))
        {
            filter.Save();
            Assert.True(File.Exists(path)); // a new state directory gets its file even before any event
            File.SetLastWriteTimeUtc(path, past);

            filter.Save();
            Assert.Equal(past, File.GetLastWriteTimeUtc(path));

            filter.Remember(seen);
            filter.Save();
            Assert.NotEqual(past, File.GetLastWriteTimeUtc(path));
            File.SetLastWriteTimeUtc(path, past);
        }

        // Disposing saves what is left: nothing here.
        Assert.Equal(past, File.GetLastWriteTimeUtc(path));
        using (EventFilter reopened = EventFilter.Open(_dir.Path, Capacity))
        {
            Assert.True(reopened.IsDuplicate(seen));
        }

        Assert.Equal(past, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public void A_unit_remembered_after_its_commit_is_in_the_file_saved_at_dispose()
    {
        ulong[] unit = [.. Enumerable.Range(0, 100).Select(i => EventFilter.KeyHash(Event.Parse(Record(i))))];
        using (EventFilter filter = EventFilter.Open(_dir.Path, Capacity))
        {
            filter.Save(); // the file of the new state directory, without the unit
            var duplicate = new bool[unit.Length];
            Assert.Equal(0, filter.ClaimUnit(unit, duplicate));
            filter.RememberUnit(unit, duplicate);
        }

        using EventFilter reopened = EventFilter.Open(_dir.Path, Capacity);
        Assert.Equal(unit.Length, reopened.ClaimUnit(unit, new bool[unit.Length]));
    }

    [Fact]
    public void A_bad_filter_file_is_replaced_even_when_no_event_is_remembered()
    {
        string path = Write(_dir.Path, EventFilter.FileName, "this is not a bloom filter");
        var warnings = new List<string>();
        using (EventFilter.Open(_dir.Path, Capacity, warn: warnings.Add))
        {
            Assert.Single(warnings);
        }

        warnings.Clear();
        using (EventFilter.Open(_dir.Path, Capacity, warn: warnings.Add))
        {
            Assert.Empty(warnings);
        }

        Assert.NotEqual("this is not a bloom filter", File.ReadAllText(path));
    }

    [Fact]
    public void A_save_that_fails_is_reported_once_and_the_filter_stays_in_memory_until_a_save_succeeds()
    {
        // A folder where the file belongs: every save fails, as on a full disk or a read-only volume.
        string path = Path.Combine(_dir.Path, EventFilter.FileName);
        Directory.CreateDirectory(path);
        var warnings = new List<string>();
        Event first = Event.Parse(Record(1));
        Event second = Event.Parse(Record(2));
        using (EventFilter filter = EventFilter.Open(_dir.Path, Capacity, warn: warnings.Add))
        {
            filter.Remember(first);
            filter.Save();
            filter.Remember(second);
            filter.Save();

            string warning = Assert.Single(warnings);
            Assert.StartsWith($"cannot save the seen-events filter to {path}: ", warning, StringComparison.Ordinal);
            Assert.True(filter.IsDuplicate(first));
            Assert.False(File.Exists(path + ".tmp"));

            Directory.Delete(path);
        }

        // Disposing saved it once the way was clear.
        Assert.Single(warnings);
        using EventFilter reopened = EventFilter.Open(_dir.Path, Capacity, warn: warnings.Add);
        Assert.True(reopened.IsDuplicate(first));
        Assert.True(reopened.IsDuplicate(second));
        Assert.Single(warnings);
    }
}
