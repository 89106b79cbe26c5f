using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.DataExposure;

public sealed class ImageSharedExternally : Rule
{
    public override string Id => "AWS.EC2.ImageSharedExternally";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "An AMI was made public or shared with another AWS account. The receiver can launch it and read its root and " +
        "data volumes, which often carry application code, configuration and baked-in credentials.";

    public override string Runbook =>
        "Check whether the receiving account is one of yours or the AMI is a deliberately published image. If not, " +
        "remove the launch permission, and review what the image contains (secrets in user data, keys on disk).";

    public override string Reference => "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sharingamis-explicit.html";

    public override IReadOnlyList<string> Tags => ["T1537", "Exfiltration"];

    public override IReadOnlyList<string> EventSources => ["ec2.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["ModifyImageAttribute"];

    public override bool Match(Event e) => !e.IsError && Grant(e).Exists;

    public override Severity SeverityFor(Event e) => Ec2SharingGrant.IsPublic(Grant(e)) ? Severity.High : Severity;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} shared AMI {e.RequestParameters.Property("imageId"u8)} {Ec2SharingGrant.Describe(Grant(e))}";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.RequestParameters.Property("imageId"u8)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["imageId"] = e.RequestParameters.Property("imageId"u8),
        ["launchPermission"] = e.RequestParameters.Property("launchPermission"u8),
    };

    private static JsonField Grant(Event e) =>
        Ec2SharingGrant.FirstOutsideGrant(e.RequestParameters.Property("launchPermission"u8), e.RecipientAccountId);
}
