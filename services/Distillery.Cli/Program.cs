using System.CommandLine;
using Distillery.Cli.Commands;

var root = new RootCommand("Distillery: distil a large language model into a cheap supervised text classifier.");
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(DatasetsCommand.Create());
return await root.Parse(args).InvokeAsync();
