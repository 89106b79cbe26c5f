namespace Iota.Engine.Python.Internal;

/// <summary>A worker stopped answering: it exited, was killed after a timeout, or broke the frame protocol.</summary>
internal sealed class WorkerFailedException : Exception
{
    public WorkerFailedException(string message)
        : base(message)
    {
    }

    public WorkerFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
