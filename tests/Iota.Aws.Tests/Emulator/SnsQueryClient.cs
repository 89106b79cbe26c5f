using System.Xml.Linq;

namespace Iota.Aws.Tests.Emulator;

/// <summary>
/// The three SNS calls the tests need, over the SNS query protocol (form-encoded POST, XML answer);
/// AWSSDK.SimpleNotificationService is not available here. fauxqs accepts them unsigned.
/// </summary>
public sealed class SnsQueryClient(string serviceUrl) : IDisposable
{
    private readonly HttpClient http = new();

    public async Task<string> CreateTopicAsync(string name) =>
        await CallAsync("CreateTopic", "TopicArn", ("Name", name));

    public async Task<string> SubscribeQueueAsync(string topicArn, string queueArn) =>
        await CallAsync("Subscribe", "SubscriptionArn", ("TopicArn", topicArn), ("Protocol", "sqs"), ("Endpoint", queueArn));

    public async Task<string> PublishAsync(string topicArn, string message, string subject) =>
        await CallAsync("Publish", "MessageId", ("TopicArn", topicArn), ("Message", message), ("Subject", subject));

    public void Dispose() => http.Dispose();

    private async Task<string> CallAsync(string action, string resultElement, params (string Name, string Value)[] parameters)
    {
        var form = new List<KeyValuePair<string, string>> { new("Action", action), new("Version", "2010-03-31") };
        form.AddRange(parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)));
        using var content = new FormUrlEncodedContent(form);
        using var response = await http.PostAsync(new Uri(serviceUrl + "/"), content);
        var xml = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"SNS {action} failed with {(int)response.StatusCode}: {xml}");
        }

        return XDocument.Parse(xml).Descendants().First(e => e.Name.LocalName == resultElement).Value;
    }
}
