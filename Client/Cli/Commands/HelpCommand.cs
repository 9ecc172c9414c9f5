namespace ExplainHub.Client.Cli.Commands;

/// <summary><c>explainhub --help</c> or <c>explainhub &lt;command&gt; --help</c>: usage on stdout, no engine needed.</summary>
internal sealed record HelpCommand(CommandSpec? Topic) : CliCommand(GlobalOptions.Default)
{
    public override Task<int> ExecuteAsync(CliContext context, ICliEngineFactory engines, CancellationToken cancellationToken)
    {
        context.Out.Write(Topic is null ? CommandSpecs.Overview() : CommandSpecs.Help(Topic));
        context.Out.Flush();
        return Task.FromResult(ExitCodes.Ok);
    }
}
