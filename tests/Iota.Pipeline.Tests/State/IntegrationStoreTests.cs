using Iota.Pipeline.State;
using Iota.Pipeline.Tests.Support;

namespace Iota.Pipeline.Tests.State;

public sealed class IntegrationStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _dir = new();
    private readonly StateDatabase _database;
    private readonly IntegrationStore _store;

    public IntegrationStoreTests()
    {
        _database = StateDatabase.Open(_dir.Path);
        _store = new IntegrationStore(_database);
    }

    public void Dispose()
    {
        _database.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Added_integrations_are_listed_by_label_with_every_field()
    {
        _store.Add(Prod with { Label = "zeta" }, Now);
        _store.Add(Prod, Now);

        var listed = _store.List();

        Assert.Equal(["prod", "zeta"], listed.Select(i => i.Label));
        Assert.Equal(Prod, listed[0]);
    }

    [Fact]
    public void A_duplicate_label_is_refused_by_name()
    {
        _store.Add(Prod, Now);

        var error = Assert.Throws<InvalidOperationException>(() => _store.Add(Prod, Now));
        Assert.Contains("'prod'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12345", null, "12-digit")]
    [InlineData("123456789012", "role/Reader", "role ARN")]
    public void Malformed_fields_are_refused_with_what_is_expected(string accountId, string? roleArn, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            _store.Add(Prod with { AccountId = accountId, RoleArn = roleArn }, Now));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Remove_deletes_and_reports_whether_anything_was_there()
    {
        _store.Add(Prod, Now);

        Assert.True(_store.Remove("prod"));
        Assert.False(_store.Remove("prod"));
        Assert.Empty(_store.List());
    }

    [Fact]
    public void Recording_events_marks_active_and_only_moves_the_last_event_time_forward()
    {
        _store.Add(Prod, Now);

        Assert.True(_store.RecordEvents("prod", Now));
        _store.RecordEvents("prod", Now.AddHours(-3));

        var integration = _store.Get("prod")!;
        Assert.Equal(Now, integration.LastEventTime);
        Assert.Equal(IntegrationStatus.Active, integration.Status);

        Assert.True(_store.SetStatus("prod", IntegrationStatus.Inactive));
        Assert.True(_store.SetEnabled("prod", false));
        Assert.Equal(
            Prod with { LastEventTime = Now, Status = IntegrationStatus.Inactive, Enabled = false },
            _store.Get("prod"));
        Assert.False(_store.RecordEvents("missing", Now));
    }

    private static Integration Prod => new()
    {
        Label = "prod",
        AccountId = "123456789012",
        Bucket = "org-trail",
        Prefix = "o-abc/AWSLogs/",
        RoleArn = "arn:aws:iam::123456789012:role/IotaReader",
    };
}
