using ExplainHub.Client.Cli;
using ExplainHub.Engine.Hosting;

MallocArenas.EnsureSingleArena();
return await CliApp.MainAsync(args);
