using Iota.Sdk;

namespace Iota.Sdk.Tests;

/// <summary>The typed <c>userIdentity</c> accessors and the readable actor name for each identity type.</summary>
public sealed class UserIdentityTests
{
    [Fact]
    public void An_iam_user_is_named_by_its_user_name()
    {
        UserIdentity id = Event.Parse("""
            {"userIdentity": {"type": "IAMUser", "principalId": "AIDAEXAMPLE", "arn": "arn:aws:iam::111122223333:user/bob",
             "accountId": "111122223333", "accessKeyId": "AKIAEXAMPLE", "userName": "bob"}}
            """).UserIdentity;

        Assert.True(id.Type == "IAMUser");
        Assert.True(id.PrincipalId == "AIDAEXAMPLE");
        Assert.True(id.Arn == "arn:aws:iam::111122223333:user/bob");
        Assert.True(id.AccountId == "111122223333");
        Assert.True(id.AccessKeyId == "AKIAEXAMPLE");
        Assert.True(id.UserName == "bob");
        Assert.False(id.IsRoot);
        Assert.Equal("bob", id.DisplayName());
    }

    [Fact]
    public void An_assumed_role_is_named_by_its_role_and_session()
    {
        UserIdentity id = Event.Parse("""
            {"userIdentity": {"type": "AssumedRole", "principalId": "AROAEXAMPLE:alice@examplecorp.com",
             "arn": "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123/alice@examplecorp.com",
             "accountId": "111122223333",
             "sessionContext": {
               "sessionIssuer": {"type": "Role", "arn": "arn:aws:iam::111122223333:role/AWSReservedSSO_Admin_0123", "userName": "AWSReservedSSO_Admin_0123"},
               "attributes": {"creationDate": "2026-11-03T09:00:00Z", "mfaAuthenticated": "false"}}}}
            """).UserIdentity;

        Assert.Equal("AWSReservedSSO_Admin_0123/alice@examplecorp.com", id.DisplayName());
        Assert.True(id.SessionIssuerArn == "arn:aws:iam::111122223333:role/AWSReservedSSO_Admin_0123");
        Assert.True(id.SessionIssuerUserName == "AWSReservedSSO_Admin_0123");
        Assert.False(id.MfaAuthenticated);
        Assert.False(id.UserName.Exists);
    }

    [Fact]
    public void Root_is_recognised_and_named_by_its_arn()
    {
        UserIdentity id = Event.Parse("""
            {"userIdentity": {"type": "Root", "principalId": "111122223333", "arn": "arn:aws:iam::111122223333:root", "accountId": "111122223333",
             "sessionContext": {"attributes": {"mfaAuthenticated": "true"}}}}
            """).UserIdentity;

        Assert.True(id.IsRoot);
        Assert.True(id.MfaAuthenticated);
        Assert.Equal("arn:aws:iam::111122223333:root", id.DisplayName());
    }

    [Fact]
    public void Root_with_a_user_name_is_named_by_it()
    {
        UserIdentity id = Event.Parse("""{"userIdentity": {"type": "Root", "userName": "examplecorp", "arn": "arn:aws:iam::111122223333:root"}}""").UserIdentity;

        Assert.True(id.IsRoot);
        Assert.Equal("examplecorp", id.DisplayName());
    }

    [Fact]
    public void An_aws_service_is_named_by_the_invoking_service()
    {
        UserIdentity id = Event.Parse("""{"userIdentity": {"type": "AWSService", "invokedBy": "cloudtrail.amazonaws.com"}}""").UserIdentity;

        Assert.True(id.InvokedBy == "cloudtrail.amazonaws.com");
        Assert.Equal("cloudtrail.amazonaws.com", id.DisplayName());
        Assert.Null(id.MfaAuthenticated);
    }

    [Fact]
    public void An_empty_user_name_falls_through_to_the_arn_and_a_bare_type_names_itself()
    {
        Assert.Equal("arn:aws:iam::1:user/x",
            Event.Parse("""{"userIdentity": {"type": "IAMUser", "userName": "", "arn": "arn:aws:iam::1:user/x"}}""").UserIdentity.DisplayName());
        Assert.Equal("AWSAccount", Event.Parse("""{"userIdentity": {"type": "AWSAccount"}}""").UserIdentity.DisplayName());
        Assert.Equal("AIDAONLY", Event.Parse("""{"userIdentity": {"type": "Unknown", "principalId": "AIDAONLY"}}""").UserIdentity.DisplayName());
    }

    [Fact]
    public void A_user_identity_that_is_not_an_object_reads_as_empty()
    {
        UserIdentity id = Event.Parse("""{"userIdentity": "Root"}""").UserIdentity;

        Assert.False(id.Type.Exists);
        Assert.False(id.IsRoot);
        Assert.Equal("unknown", id.DisplayName());
    }

    [Theory]
    [InlineData("""{"userIdentity": {"principalId": "x", "sessionContext": {"type": "no"}, "type": "Root"}}""", "Root", true)]
    [InlineData("""{"userIdentity": {"ty\u0070e": "Root", "type": "IAMUser"}}""", "Root", true)]
    [InlineData("""{"userIdentity": {"type": "R\u006Fot"}}""", "Root", true)]
    [InlineData("""{"userIdentity": {"type": "IAMUser", "type": "Root"}}""", "IAMUser", false)]
    [InlineData("""{"userIdentity": {"typ": "Root", "types": "Root", "\u0074yp": "Root"}}""", null, false)]
    [InlineData("""{"userIdentity": {"type": "Röot"}}""", "Röot", false)]
    [InlineData("""{"userIdentity": "Root", "type": "Root"}""", null, false)]
    [InlineData("""{"type": "Root"}""", null, false)]
    [InlineData("""{"user\u0049dentity": {"type": "Root"}}""", "Root", true)]
    public void The_type_is_the_first_type_member_of_the_userIdentity_object(string json, string? type, bool root)
    {
        Event e = Event.Parse(json);

        Assert.Equal(type, e.UserIdentity.Type.AsString());
        Assert.Equal(e.Get("userIdentity.type").AsString(), e.UserIdentity.Type.AsString());
        Assert.Equal(root, e.UserIdentity.IsRoot);
    }

    [Fact]
    public void A_default_user_identity_reads_as_missing()
    {
        UserIdentity id = default;

        Assert.False(id.Type.Exists);
        Assert.False(id.IsRoot);
        Assert.Equal("unknown", id.DisplayName());
    }
}
