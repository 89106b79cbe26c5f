using Iota.Pipeline.State;
using Iota.Pipeline.Tests.Support;

namespace Iota.Pipeline.Tests.State;

public sealed class ProcessedObjectStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void An_object_is_processed_per_key_and_etag_and_survives_a_reopen()
    {
        using (var database = StateDatabase.Open(_dir.Path))
        {
            new ProcessedObjectStore(database).MarkProcessed("trail", "AWSLogs/a.json.gz", "\"abc\"", Now);
        }

        using (var database = StateDatabase.Open(_dir.Path))
        {
            var store = new ProcessedObjectStore(database);
            Assert.True(store.IsProcessed("trail", "AWSLogs/a.json.gz", "abc"));
            Assert.False(store.IsProcessed("trail", "AWSLogs/a.json.gz", "rewritten"));
            Assert.False(store.IsProcessed("other", "AWSLogs/a.json.gz", "abc"));
        }
    }

    [Fact]
    public void The_last_key_is_kept_per_position_and_never_moves_back()
    {
        using var database = StateDatabase.Open(_dir.Path);
        var store = new ProcessedObjectStore(database);

        Assert.Null(store.GetLastKey("trail", "AWSLogs/", "123456789012", "us-east-1"));

        store.SetLastKey("trail", "AWSLogs/", "123456789012", "us-east-1", "2026/03/01/b.json.gz", Now);
        store.SetLastKey("trail", "AWSLogs/", "123456789012", "us-east-1", "2026/03/01/a.json.gz", Now);
        store.SetLastKey("trail", "AWSLogs/", "123456789012", "eu-west-1", "2026/02/28/z.json.gz", Now);

        Assert.Equal("2026/03/01/b.json.gz", store.GetLastKey("trail", "AWSLogs/", "123456789012", "us-east-1"));
        Assert.Equal("2026/02/28/z.json.gz", store.GetLastKey("trail", "AWSLogs/", "123456789012", "eu-west-1"));
    }
}
