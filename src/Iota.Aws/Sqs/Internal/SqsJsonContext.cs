using System.Text.Json.Serialization;

namespace Iota.Aws.Sqs.Internal;

// The request and response classes mirror the AWS JSON 1.0 member names exactly, so they serialize as
// they are; unset members are left out, as the service treats absent and default differently.
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ReceiveMessageRequest))]
[JsonSerializable(typeof(ReceiveMessageResponse))]
[JsonSerializable(typeof(DeleteMessageBatchRequest))]
[JsonSerializable(typeof(DeleteMessageBatchResponse))]
[JsonSerializable(typeof(ChangeMessageVisibilityRequest))]
[JsonSerializable(typeof(ChangeMessageVisibilityResponse))]
[JsonSerializable(typeof(GetQueueAttributesRequest))]
[JsonSerializable(typeof(GetQueueAttributesResponse))]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(SendMessageResponse))]
[JsonSerializable(typeof(CreateQueueRequest))]
[JsonSerializable(typeof(CreateQueueResponse))]
[JsonSerializable(typeof(GetQueueUrlRequest))]
[JsonSerializable(typeof(GetQueueUrlResponse))]
internal sealed partial class SqsJsonContext : JsonSerializerContext;
