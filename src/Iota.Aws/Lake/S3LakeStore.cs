using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Iota.Pipeline.Lake;

namespace Iota.Aws.Lake;

/// <summary>
/// A lake in an S3 bucket under a prefix (<c>s3://bucket/prefix</c>). Objects are written whole with PutObject
/// (lake files are at most a buffer's size), listed with ListObjectsV2, and fetched into a local cache folder
/// for DuckDB to read.
/// </summary>
public sealed class S3LakeStore : ILakeStore, IDisposable
{
    private readonly IAmazonS3 _s3;
    private readonly bool _ownsClient;
    private readonly string _bucket;
    private readonly string _prefix;
    private readonly string _cache;

    /// <summary>Uses <paramref name="s3"/> for the lake at <paramref name="location"/>; fetched objects are kept under <paramref name="cacheDirectory"/>.</summary>
    public S3LakeStore(IAmazonS3 s3, string location, string cacheDirectory)
        : this(s3, location, cacheDirectory, ownsClient: false)
    {
    }

    private S3LakeStore(IAmazonS3 s3, string location, string cacheDirectory, bool ownsClient)
    {
        (_bucket, _prefix) = Parse(location);
        _s3 = s3;
        _ownsClient = ownsClient;
        _cache = cacheDirectory;
        Location = $"s3://{_bucket}/{_prefix}".TrimEnd('/');
    }

    /// <summary>Opens the lake at <paramref name="location"/> with the default credential chain and region (and <c>AWS_ENDPOINT_URL</c> when set).</summary>
    public static S3LakeStore Open(string location, string cacheDirectory)
    {
        var config = new AmazonS3Config();
        string? endpoint = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_S3") ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL");
        if (!string.IsNullOrEmpty(endpoint))
        {
            config.ServiceURL = endpoint;
            config.ForcePathStyle = true;
        }

        return new S3LakeStore(new AmazonS3Client(config), location, cacheDirectory, ownsClient: true);
    }

    /// <inheritdoc/>
    public string Location { get; }

    /// <inheritdoc/>
    public void Put(string key, string localFile)
    {
        try
        {
            _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = _prefix + key, FilePath = localFile, ContentType = "application/x-ndjson" })
                .GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            throw new LakeStoreException($"PutObject s3://{_bucket}/{_prefix}{key} failed: {ex.Message}", ex);
        }

        File.Delete(localFile);
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> List(string prefix)
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = _prefix + prefix };
        try
        {
            ListObjectsV2Response response;
            do
            {
                response = _s3.ListObjectsV2Async(request).GetAwaiter().GetResult();
                keys.AddRange((response.S3Objects ?? []).Select(o => o.Key[_prefix.Length..]));
                request.ContinuationToken = response.NextContinuationToken;
            }
            while (response.IsTruncated == true);
        }
        catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            throw new LakeStoreException($"ListObjectsV2 s3://{_bucket}/{_prefix}{prefix} failed: {ex.Message}", ex);
        }

        return keys;
    }

    /// <inheritdoc/>
    public string Fetch(string key)
    {
        // Lake files are never rewritten with different rows (a retried upload rewrites the same rows), so a cached copy stays valid.
        string path = Path.Combine(_cache, _bucket, (_prefix + key).Replace('/', Path.DirectorySeparatorChar));
        if (File.Exists(path))
        {
            return path;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string partial = path + ".part";
        try
        {
            using GetObjectResponse response = _s3.GetObjectAsync(_bucket, _prefix + key).GetAwaiter().GetResult();
            using (FileStream file = File.Create(partial))
            {
                response.ResponseStream.CopyTo(file);
            }

            File.Move(partial, path, overwrite: true);
        }
        catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException or HttpRequestException or IOException)
        {
            File.Delete(partial);
            throw new LakeStoreException($"GetObject s3://{_bucket}/{_prefix}{key} failed: {ex.Message}", ex);
        }

        return path;
    }

    /// <summary>Disposes the S3 client when this store created it.</summary>
    public void Dispose()
    {
        if (_ownsClient)
        {
            _s3.Dispose();
        }
    }

    /// <summary>Splits <c>s3://bucket/prefix</c>; the prefix comes back empty or ending in '/'.</summary>
    public static (string Bucket, string Prefix) Parse(string location)
    {
        if (!location.StartsWith("s3://", StringComparison.Ordinal) || location.Length <= "s3://".Length)
        {
            throw new ArgumentException($"'{location}' is not an s3://bucket/prefix location", nameof(location));
        }

        string rest = location["s3://".Length..];
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return (rest, "");
        }

        string prefix = rest[(slash + 1)..].Trim('/');
        return (rest[..slash], prefix.Length == 0 ? "" : prefix + "/");
    }
}
