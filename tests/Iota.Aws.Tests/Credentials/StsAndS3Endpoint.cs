using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Iota.Aws.Tests.Credentials;

/// <summary>
/// A real HTTP listener on 127.0.0.1 that answers STS AssumeRole (query protocol, XML) with numbered session
/// keys and S3 GetObject with a fixed body, recording what each request carried.
/// </summary>
internal sealed class StsAndS3Endpoint : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<(string Method, string Path, string Body, string? Authorization, string? SessionToken)> _requests = [];
    private readonly Task _serving;
    private int _sessions;

    public StsAndS3Endpoint(TimeSpan sessionLifetime)
    {
        SessionLifetime = sessionLifetime;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/";
        }

        _listener.Prefixes.Add(Url);
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public TimeSpan SessionLifetime { get; set; }

    public IReadOnlyList<(string Method, string Path, string Body, string? Authorization, string? SessionToken)> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _serving.Wait();
        }
        catch (AggregateException)
        {
            // Closed under a pending GetContextAsync.
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
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            string body = await reader.ReadToEndAsync();
            lock (_requests)
            {
                _requests.Add((context.Request.HttpMethod, context.Request.Url!.AbsolutePath, body,
                    context.Request.Headers["Authorization"], context.Request.Headers["X-Amz-Security-Token"]));
            }

            byte[] answer;
            if (body.Contains("Action=AssumeRole", StringComparison.Ordinal))
            {
                int session = Interlocked.Increment(ref _sessions);
                string expiry = DateTime.UtcNow.Add(SessionLifetime).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                answer = Encoding.UTF8.GetBytes($"""
                    <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                      <AssumeRoleResult>
                        <Credentials>
                          <AccessKeyId>ASIASESSION{session}</AccessKeyId>
                          <SecretAccessKey>secret-{session}</SecretAccessKey>
                          <SessionToken>token-{session}</SessionToken>
                          <Expiration>{expiry}</Expiration>
                        </Credentials>
                        <AssumedRoleUser>
                          <AssumedRoleId>AROATEST:iota</AssumedRoleId>
                          <Arn>arn:aws:sts::444455556666:assumed-role/IotaReader/iota</Arn>
                        </AssumedRoleUser>
                      </AssumeRoleResult>
                      <ResponseMetadata><RequestId>req-{session}</RequestId></ResponseMetadata>
                    </AssumeRoleResponse>
                    """);
                context.Response.ContentType = "text/xml";
            }
            else
            {
                answer = Encoding.UTF8.GetBytes("""{"Records":[]}""");
                context.Response.ContentType = "application/octet-stream";
                context.Response.Headers["ETag"] = $"\"{Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(answer))}\"";
            }

            context.Response.ContentLength64 = answer.Length;
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
    }
}
