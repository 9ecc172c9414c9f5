using ExplainHub.Client.Cli;

return await CliApp.MainAsync(args);
