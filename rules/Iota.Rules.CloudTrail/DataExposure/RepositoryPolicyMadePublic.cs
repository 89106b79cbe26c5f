using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.DataExposure;

public sealed class RepositoryPolicyMadePublic : Rule
{
    public override string Id => "AWS.ECR.RepositoryPolicyMadePublic";

    public override Severity Severity => Severity.High;

    public override string Description =>
        "An ECR repository policy now allows the wildcard principal without a condition, so any AWS account can pull " +
        "(or, depending on the actions, push) images. Private images carry source code and often secrets; push access " +
        "lets an outsider plant a backdoored image.";

    public override string Runbook =>
        "Read the policy text in the alert context. Unless the repository is meant to be public, restore the previous " +
        "policy, then check the repository's image pushes and pulls from unknown accounts since the change.";

    public override string Reference => "https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html";

    public override IReadOnlyList<string> Tags => ["T1530", "T1525", "Collection", "Persistence"];

    public override IReadOnlyList<string> EventSources => ["ecr.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["SetRepositoryPolicy"];

    // ECR records the policy as a JSON string, unlike S3 which records an object.
    public override bool Match(Event e) =>
        !e.IsError && ResourcePolicy.TextAllowsAnyoneUnconditionally(e.RequestParameters.Property("policyText"u8));

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} made ECR repository {e.RequestParameters.Property("repositoryName"u8)} public";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.RequestParameters.Property("repositoryName"u8)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["repository"] = e.RequestParameters.Property("repositoryName"u8),
        ["policyText"] = e.RequestParameters.Property("policyText"u8),
    };
}
