using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Iota.Pipeline.Tests.Support;

/// <summary>
/// A real HTTP listener on 127.0.0.1 standing in for Slack, a webhook receiver or PagerDuty: it records every
/// request and answers with the status codes it is told to, in order, then <see cref="DefaultStatus"/>.
/// </summary>
public sealed class RecordingHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<HttpStatusCode> _scriptedStatuses = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly SemaphoreSlim _arrivals = new(0);
    private readonly Task _loop;
    private Task _hold = Task.CompletedTask;

    public RecordingHttpServer(int? port = null, HttpStatusCode defaultStatus = HttpStatusCode.OK)
    {
        Port = port ?? FreePort();
        DefaultStatus = defaultStatus;
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public HttpStatusCode DefaultStatus { get; }

    public Uri Url(string path = "/hook") => new($"http://127.0.0.1:{Port}{path}");

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Answers the next requests with these statuses before falling back to the default.</summary>
    public void AnswerNext(params HttpStatusCode[] statuses)
    {
        foreach (var status in statuses)
        {
            _scriptedStatuses.Enqueue(status);
        }
    }

    /// <summary>
    /// Holds the answers to every request from now on until the returned action is called, as a receiver that is slow
    /// to respond: the request has arrived (<see cref="NextRequestAsync"/> returns) while its sender still waits.
    /// </summary>
    public Action HoldAnswers()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _hold = gate.Task;
        return () => gate.TrySetResult();
    }

    /// <summary>Waits until a request arrives; the timeout only guards against a hung test.</summary>
    public async Task<RecordedRequest> NextRequestAsync()
    {
        if (!await _arrivals.WaitAsync(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException("No request reached the test server.");
        }

        return _requests.Last();
    }

    /// <summary>A port nothing listens on right now.</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // The loop ends by its pending GetContextAsync failing when the listener closes.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception error) when (error is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var headers = context.Request.Headers.AllKeys
                .Where(key => key is not null)
                .ToDictionary(key => key!, key => context.Request.Headers[key]!, StringComparer.OrdinalIgnoreCase);
            var status = _scriptedStatuses.TryDequeue(out var scripted) ? scripted : DefaultStatus;
            _requests.Enqueue(new RecordedRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, headers, body.ToArray(), status));
            if (!_hold.IsCompleted)
            {
                _arrivals.Release();
                await _hold;
                Answer(context, status);
                continue;
            }

            Answer(context, status);
            _arrivals.Release();
        }
    }

    private static void Answer(HttpListenerContext context, HttpStatusCode status)
    {
        try
        {
            context.Response.StatusCode = (int)status;
            context.Response.Close();
        }
        catch (HttpListenerException)
        {
            // The sender gave up waiting and closed the connection.
        }
    }
}

/// <summary>One request the test server received, and what it answered.</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    HttpStatusCode Answer)
{
    public System.Text.Json.JsonElement Json => System.Text.Json.JsonDocument.Parse(Body).RootElement;
}
