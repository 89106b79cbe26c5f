namespace Iota.Pipeline.Lake;

/// <summary>
/// The lake's tables: one per log type, each with the columns a query can count on. Fields a log has beyond these
/// stay in the files (rows are the original records) but are not columns.
/// </summary>
public static class LakeTables
{
    /// <summary>The fields the lake writer adds to every row.</summary>
    public static IReadOnlyList<LakeColumn> LakeFields { get; } =
    [
        new("p_log_type", LakeType.String),
        new("p_event_time", LakeType.Timestamp),
        new("p_parse_time", LakeType.Timestamp),
        new("p_row_id", LakeType.String),
        new("p_source", LakeType.String),
    ];

    /// <summary>CloudTrail's record fields (record format 1.0–1.11), then the lake fields.</summary>
    public static IReadOnlyList<LakeColumn> CloudTrail { get; } =
    [
        new("eventVersion", LakeType.String),
        new("userIdentity", LakeType.Struct(
            new("type", LakeType.String),
            new("principalId", LakeType.String),
            new("arn", LakeType.String),
            new("accountId", LakeType.String),
            new("invokedBy", LakeType.String),
            new("accessKeyId", LakeType.String),
            new("userName", LakeType.String),
            new("identityProvider", LakeType.String),
            new("credentialId", LakeType.String),
            new("onBehalfOf", LakeType.Struct(new("userId", LakeType.String), new("identityStoreArn", LakeType.String))),
            new("sessionContext", LakeType.Struct(
                new("attributes", LakeType.Struct(new("mfaAuthenticated", LakeType.String), new("creationDate", LakeType.String))),
                new("sessionIssuer", LakeType.Struct(
                    new("type", LakeType.String),
                    new("principalId", LakeType.String),
                    new("arn", LakeType.String),
                    new("accountId", LakeType.String),
                    new("userName", LakeType.String))),
                new("sourceIdentity", LakeType.String),
                new("ec2RoleDelivery", LakeType.String),
                new("webIdFederationData", LakeType.Json))))),
        new("eventTime", LakeType.String),
        new("eventSource", LakeType.String),
        new("eventName", LakeType.String),
        new("awsRegion", LakeType.String),
        new("sourceIPAddress", LakeType.String),
        new("userAgent", LakeType.String),
        new("errorCode", LakeType.String),
        new("errorMessage", LakeType.String),
        new("requestParameters", LakeType.Json),
        new("responseElements", LakeType.Json),
        new("additionalEventData", LakeType.Json),
        new("requestID", LakeType.String),
        new("eventID", LakeType.String),
        new("readOnly", LakeType.Boolean),
        new("resources", LakeType.Array(LakeType.Struct(new("ARN", LakeType.String), new("accountId", LakeType.String), new("type", LakeType.String)))),
        new("eventType", LakeType.String),
        new("apiVersion", LakeType.String),
        new("managementEvent", LakeType.Boolean),
        new("recipientAccountId", LakeType.String),
        new("serviceEventDetails", LakeType.Json),
        new("sharedEventID", LakeType.String),
        new("vpcEndpointId", LakeType.String),
        new("vpcEndpointAccountId", LakeType.String),
        new("eventCategory", LakeType.String),
        new("sessionCredentialFromConsole", LakeType.String),
        new("tlsDetails", LakeType.Struct(
            new("tlsVersion", LakeType.String), new("cipherSuite", LakeType.String), new("clientProvidedHostHeader", LakeType.String))),
        new("addendum", LakeType.Json),
        new("edgeDeviceDetails", LakeType.Json),
        new("insightDetails", LakeType.Json),
        .. LakeFields,
    ];

    /// <summary>Every table: its log type, its name, and its columns.</summary>
    public static IReadOnlyList<(string LogType, string Table, IReadOnlyList<LakeColumn> Columns)> All { get; } =
    [
        (LogTypes.CloudTrail, LogTypes.TableName(LogTypes.CloudTrail), CloudTrail),
    ];
}
