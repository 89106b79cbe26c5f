namespace Iota.Cli.Internal;

/// <summary>Messages for people go to stderr, so stdout carries only machine-readable output.</summary>
internal static class Stderr
{
    private static readonly Lock Gate = new();

    public static bool IsTerminal => !Console.IsErrorRedirected;

    public static void Line(string message)
    {
        lock (Gate)
        {
            Console.Error.WriteLine(message);
        }
    }

    /// <summary>Rewrites the current terminal line (progress); does nothing when stderr is not a terminal.</summary>
    public static void Status(string message)
    {
        if (!IsTerminal)
        {
            return;
        }

        lock (Gate)
        {
            Console.Error.Write("\r\u001b[2K" + message);
        }
    }

    public static void ClearStatus()
    {
        if (IsTerminal)
        {
            lock (Gate)
            {
                Console.Error.Write("\r\u001b[2K");
            }
        }
    }
}
