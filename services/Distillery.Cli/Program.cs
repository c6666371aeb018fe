using System.CommandLine;
using Distillery.Cli;
using Distillery.Cli.Commands;

using var trace = CliTrace.Start(args);

var root = new RootCommand("Distillery: distil a large language model into a cheap supervised text classifier.");
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(DatasetsCommand.Create());
root.Subcommands.Add(SubmitCommand.Create());
root.Subcommands.Add(WatchCommand.Create());
root.Subcommands.Add(StatusCommand.Create());
root.Subcommands.Add(ListCommand.Create());
root.Subcommands.Add(ReportCommand.Create());
root.Subcommands.Add(PredictCommand.Create());
root.Subcommands.Add(CancelCommand.Create());
root.Subcommands.Add(TokenCommand.Create());
return await root.Parse(args).InvokeAsync();
