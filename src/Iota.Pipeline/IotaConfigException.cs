namespace Iota.Pipeline;

/// <summary>
/// A mistake in configuration a user can fix: a malformed output spec, a missing environment variable, a bad
/// <c>iota.json</c>. The message names the spec or file and what to do, and never contains a secret.
/// </summary>
public sealed class IotaConfigException : Exception
{
    public IotaConfigException()
    {
    }

    public IotaConfigException(string message)
        : base(message)
    {
    }

    public IotaConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
