using System.CommandLine;
using Iota.Pipeline.State;

namespace Iota.Cli.Commands;

/// <summary>The <c>--state DIR</c> option every command that reads or writes engine state shares.</summary>
internal static class StateDirectoryOption
{
    /// <summary>Where state lives when <c>--state</c> is not given.</summary>
    public const string DefaultDirectory = "./.iota";

    public static Option<string> Create() => new("--state")
    {
        Description = "The state directory (holds state.db).",
        DefaultValueFactory = _ => DefaultDirectory,
        HelpName = "DIR",
    };

    /// <summary>Opens the state database in <paramref name="directory"/>, or says why it cannot be used and returns null.</summary>
    public static StateDatabase? Open(ParseResult parseResult, string directory)
    {
        try
        {
            return StateDatabase.Open(directory);
        }
        catch (StateUnavailableException error)
        {
            parseResult.InvocationConfiguration.Error.WriteLine($"iota: {error.Message}");
            return null;
        }
    }
}
