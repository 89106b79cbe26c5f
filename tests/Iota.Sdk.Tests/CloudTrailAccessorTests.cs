using Iota.Sdk;

namespace Iota.Sdk.Tests;

/// <summary>The typed accessors for CloudTrail's top-level fields agree with reading the same path.</summary>
public sealed class CloudTrailAccessorTests
{
    private static readonly Event Login = Event.Parse("""
        {
          "eventVersion": "1.09",
          "userIdentity": {"type": "Root", "principalId": "111122223333", "arn": "arn:aws:iam::111122223333:root", "accountId": "111122223333"},
          "eventTime": "2026-11-03T09:58:41Z",
          "eventSource": "signin.amazonaws.com",
          "eventName": "ConsoleLogin",
          "awsRegion": "us-east-1",
          "sourceIPAddress": "203.0.113.88",
          "userAgent": "Mozilla/5.0",
          "requestParameters": null,
          "responseElements": {"ConsoleLogin": "Success"},
          "additionalEventData": {"MFAUsed": "Yes"},
          "eventID": "4c00cc57-6381-42bf-ab80-c69eed13be81",
          "recipientAccountId": "111122223333"
        }
        """);

    [Fact]
    public void Typed_accessors_read_the_top_level_fields()
    {
        Assert.True(Login.EventName == "ConsoleLogin");
        Assert.True(Login.EventSource == "signin.amazonaws.com");
        Assert.True(Login.EventId == "4c00cc57-6381-42bf-ab80-c69eed13be81");
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 9, 58, 41, TimeSpan.Zero), Login.EventTime);
        Assert.True(Login.AwsRegion == "us-east-1");
        Assert.True(Login.SourceIpAddress == "203.0.113.88");
        Assert.True(Login.UserAgent == "Mozilla/5.0");
        Assert.True(Login.RecipientAccountId == "111122223333");
        Assert.True(Login.ResponseElements["ConsoleLogin"] == "Success");
        Assert.True(Login.RequestParameters.IsNull);
        Assert.False(Login.ErrorCode.Exists);
        Assert.False(Login.ErrorMessage.Exists);
        Assert.False(Login.IsError);
        Assert.True(Login.Get("additionalEventData.MFAUsed") == "Yes");
    }

    [Fact]
    public void A_typed_accessor_views_the_same_value_as_its_path()
    {
        Assert.Equal(Login.Get("eventName"), Login.EventName);
        Assert.Equal(Login.Get("userIdentity"), Login.UserIdentity.Field);
        Assert.Equal(Login.Get("responseElements"), Login.ResponseElements);
    }

    [Fact]
    public void A_failed_call_is_an_error()
    {
        Event denied = Event.Parse("""{"eventName": "ListKeys", "errorCode": "AccessDenied", "errorMessage": "not allowed"}""");
        Event emptyCode = Event.Parse("""{"eventName": "ListKeys", "errorCode": ""}""");

        Assert.True(denied.IsError);
        Assert.True(denied.ErrorCode == "AccessDenied");
        Assert.True(denied.ErrorMessage == "not allowed");
        Assert.False(emptyCode.IsError);
    }

    [Fact]
    public void An_event_without_cloudtrail_fields_reads_them_as_missing()
    {
        Event e = Event.Parse("""{"something": "else"}""");

        Assert.False(e.EventName.Exists);
        Assert.False(e.EventSource.Exists);
        Assert.Null(e.EventTime);
        Assert.False(e.UserIdentity.Type.Exists);
        Assert.False(e.UserIdentity.IsRoot);
        Assert.Null(e.UserIdentity.MfaAuthenticated);
        Assert.Equal("unknown", e.UserIdentity.DisplayName());
        Assert.False(e.IsError);
    }

    [Fact]
    public void Nested_fields_with_top_level_names_do_not_feed_the_typed_accessors()
    {
        Event e = Event.Parse("""{"detail": {"eventName": "Inner"}, "eventName": "Outer"}""");

        Assert.True(e.EventName == "Outer");
    }

    [Fact]
    public void An_escaped_top_level_name_is_still_found_by_its_typed_accessor()
    {
        Event e = Event.Parse("""{"event\u004eame": "ConsoleLogin", "event\u0053ource": "signin.amazonaws.com"}""");

        Assert.True(e.Get("eventName") == "ConsoleLogin");
        Assert.True(e.EventName == "ConsoleLogin");
        Assert.True(e.EventSource == "signin.amazonaws.com");
    }

    [Fact]
    public void A_malformed_event_time_reads_as_null()
    {
        Assert.Null(Event.Parse("""{"eventTime": "not a time"}""").EventTime);
        Assert.Null(Event.Parse("""{"eventTime": 1730627921}""").EventTime);
    }

    [Fact]
    public void ToString_and_Utf8_are_the_original_text()
    {
        const string json = """{"eventName":"X", "a" : [1, 2]}""";
        Event e = Event.Parse(json);

        Assert.Equal(json, e.ToString());
        Assert.Equal(json, System.Text.Encoding.UTF8.GetString(e.Utf8));
    }
}
