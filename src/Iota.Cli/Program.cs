using System.CommandLine;
using Iota.Cli.Commands;

var root = new RootCommand("Iota: a self-hosted detection engine for AWS CloudTrail and other audit logs.")
{
    RunCommand.Create(),
    RulesCommand.Create(),
    TestCommand.Create(),
    AlertsCommand.Create(),
    IntegrationsCommand.Create(),
    ServeCommand.Create(),
    GenerateCommand.Create(),
    QueryCommand.Create(),
    LakeCommand.Create(),
    ReplayCommand.Create(),
};

return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
