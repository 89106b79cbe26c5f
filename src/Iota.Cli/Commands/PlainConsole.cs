using Spectre.Console;

namespace Iota.Cli.Commands;

/// <summary>
/// A Spectre console over whatever writer the invocation was given (the terminal, a pipe, a test's
/// StringWriter), without colour codes so output stays greppable.
/// </summary>
internal static class PlainConsole
{
    public static IAnsiConsole Over(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        // A terminal keeps its own width; a pipe or file gets one wide enough that ARNs and ids are not wrapped.
        if (!ReferenceEquals(writer, Console.Out) || Console.IsOutputRedirected)
        {
            console.Profile.Width = 200;
        }

        return console;
    }
}
