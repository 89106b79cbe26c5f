using System.CommandLine;

namespace Iota.Cli.Tests.Commands;

/// <summary>Parses and invokes a command in-process the way <c>iota</c> would, capturing what it prints.</summary>
internal static class CommandRunner
{
    public static (int ExitCode, string Output, string Error) Run(Command command, params string[] args)
    {
        var root = new RootCommand("iota") { command };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
