namespace Iota.Pipeline.State.Internal;

/// <summary>The one place state times turn into the integers the schema stores (Unix milliseconds, UTC).</summary>
internal static class UnixTime
{
    public static long ToMs(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMs(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

    public static object ToDb(DateTimeOffset? time) => time is { } t ? ToMs(t) : DBNull.Value;
}
