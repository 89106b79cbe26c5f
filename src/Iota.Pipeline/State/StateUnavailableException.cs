namespace Iota.Pipeline.State;

/// <summary>
/// A state directory iota cannot use: not a folder, not writable, or holding a <c>state.db</c> that is damaged,
/// locked, or from a newer iota. The message names the directory and the cause, and says what to do.
/// </summary>
public sealed class StateUnavailableException : Exception
{
    public StateUnavailableException()
    {
    }

    public StateUnavailableException(string message)
        : base(message)
    {
    }

    public StateUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
