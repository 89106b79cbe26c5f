using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Iota.Aws.Tests.Sqs;

/// <summary>
/// A real HTTP listener on 127.0.0.1 that answers SQS calls from a script, for the failures fauxqs never
/// produces (throttling, 5xx, partial batch failures). It records what each request carried.
/// </summary>
internal sealed class ScriptedSqsEndpoint : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Queue<(HttpStatusCode Status, string Body)> script = new();
    private readonly List<RecordedRequest> requests = [];
    private readonly Task serving;

    public ScriptedSqsEndpoint(params (HttpStatusCode Status, string Body)[] responses)
    {
        foreach (var response in responses)
        {
            script.Enqueue(response);
        }

        var port = FreePort();
        Url = $"http://127.0.0.1:{port}/";
        listener.Prefixes.Add(Url);
        listener.Start();
        serving = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (requests)
            {
                return [.. requests];
            }
        }
    }

    public void Dispose()
    {
        listener.Close();
        try
        {
            serving.Wait();
        }
        catch (AggregateException)
        {
            // The listener was closed under a pending GetContextAsync.
        }
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            lock (requests)
            {
                requests.Add(new RecordedRequest(
                    context.Request.Headers["X-Amz-Target"],
                    context.Request.ContentType,
                    context.Request.Headers["Authorization"],
                    body));
            }

            var (status, responseBody) = script.Count > 0 ? script.Dequeue() : (HttpStatusCode.InternalServerError, "script exhausted");
            context.Response.StatusCode = (int)status;
            context.Response.ContentType = "application/x-amz-json-1.0";
            context.Response.Headers["x-amzn-RequestId"] = "request-" + requests.Count;
            var bytes = Encoding.UTF8.GetBytes(responseBody);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    internal sealed record RecordedRequest(string? Target, string? ContentType, string? Authorization, string Body);
}
