namespace Iota.Pipeline.Generation.Internal;

/// <summary>
/// Identifiers in the shapes AWS uses (UUIDs, access key ids, S3 request ids), drawn from a seeded
/// <see cref="Random"/> instead of <see cref="Guid.NewGuid"/> so a corpus is reproducible byte for byte.
/// Each method fills a caller's buffer so the hot path allocates nothing.
/// </summary>
internal static class RandomIds
{
    public const int UuidLength = 36;
    public const int AccessKeyIdLength = 20;
    public const int S3RequestIdLength = 16;

    private const string Hex = "0123456789abcdef";
    private const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string UpperAlphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string Base64Chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>A version 4 UUID in lower-case 8-4-4-4-12 form, as CloudTrail writes eventID.</summary>
    public static void Uuid(Random random, Span<char> destination)
    {
        Span<byte> bits = stackalloc byte[16];
        random.NextBytes(bits);
        bits[6] = (byte)((bits[6] & 0x0F) | 0x40);
        bits[8] = (byte)((bits[8] & 0x3F) | 0x80);
        var at = 0;
        for (var i = 0; i < 16; i++)
        {
            if (i is 4 or 6 or 8 or 10)
            {
                destination[at++] = '-';
            }

            destination[at++] = Hex[bits[i] >> 4];
            destination[at++] = Hex[bits[i] & 0x0F];
        }
    }

    /// <summary>A temporary (<c>ASIA</c>) or long-term (<c>AKIA</c>) access key id.</summary>
    public static void AccessKeyId(Random random, ReadOnlySpan<char> prefix, Span<char> destination)
    {
        prefix.CopyTo(destination);
        Fill(random, Base32, destination[prefix.Length..AccessKeyIdLength]);
    }

    /// <summary>The 16-character request id S3 returns.</summary>
    public static void S3RequestId(Random random, Span<char> destination) =>
        Fill(random, UpperAlphanumeric, destination[..S3RequestIdLength]);

    public static void HexString(Random random, Span<char> destination) => Fill(random, Hex, destination);

    public static void AlphanumericString(Random random, Span<char> destination) => Fill(random, Alphanumeric, destination);

    public static void Base64String(Random random, Span<char> destination) => Fill(random, Base64Chars, destination);

    private static void Fill(Random random, string alphabet, Span<char> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = alphabet[random.Next(alphabet.Length)];
        }
    }
}
