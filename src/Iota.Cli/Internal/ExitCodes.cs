namespace Iota.Cli.Internal;

/// <summary>Exit codes users script against.</summary>
internal static class ExitCodes
{
    /// <summary>Everything was read and processed.</summary>
    public const int Ok = 0;

    /// <summary>
    /// Bad usage: unknown option, malformed output spec or config, a state directory that cannot be used (or, mid-run,
    /// written). (Also a failing <c>iota test</c>.)
    /// </summary>
    public const int Usage = 1;

    /// <summary>Some input (a log file, a record, a rule file) could not be processed; the rest was.</summary>
    public const int InputFailed = 2;

    /// <summary>
    /// Stopped by Ctrl-C or SIGTERM before every input was read (not a <c>--watch</c> run, which only ends that way):
    /// what was committed keeps its alerts, and a rerun with the same state reads the rest.
    /// </summary>
    public const int Interrupted = 130;
}
