namespace ExplainHub.Client.Cli.Commands;

/// <summary>
/// <c>explainhub completion [bash]</c> prints a bash completion script (<c>source &lt;(./explainhub completion)</c>);
/// the script asks <c>explainhub __complete POINT LINE</c>, which answers with System.CommandLine's completions
/// for the command line typed so far (commands, options, known option values), one per line. No engine needed.
/// </summary>
internal sealed record CompletionCommand(string? Shell, string? Line = null, int Point = 0) : CliCommand(GlobalOptions.Default)
{
    public const string QueryName = "__complete";

    public override Task<int> ExecuteAsync(CliContext context, ICliEngineFactory engines, CancellationToken cancellationToken)
    {
        if (Line is null)
        {
            context.Out.Write(BashScript);
        }
        else
        {
            foreach (var candidate in Candidates(Line, Point))
            {
                context.Out.WriteLine(candidate);
            }
        }

        context.Out.Flush();
        return Task.FromResult(ExitCodes.Ok);
    }

    /// <summary>Completions at <paramref name="point"/> of a whole command line whose first word is the program.</summary>
    public static IEnumerable<string> Candidates(string line, int point)
    {
        point = Math.Clamp(point, 0, line.Length);
        var programEnd = line.IndexOfAny([' ', '\t']);
        if (programEnd < 0 || point <= programEnd)
        {
            return [];
        }

        var rest = line[(programEnd + 1)..point];
        // Bash shows every candidate it is given, so only those that extend the word being typed.
        var word = rest[(rest.LastIndexOfAny([' ', '\t']) + 1)..];
        return CommandGrammar.Root().Parse(rest).GetCompletions(rest.Length)
            .Select(c => c.Label)
            .Where(label => label.StartsWith(word, StringComparison.Ordinal))
            .Where(label => label is not ("--version" or "-?" or "/?" or "/h"))
            .Distinct();
    }

    private const string BashScript = """
        # bash completion for explainhub: source <(./explainhub completion)
        _explainhub_complete() {
          local IFS=$'\n'
          COMPREPLY=($("${COMP_WORDS[0]}" __complete "$COMP_POINT" "$COMP_LINE" 2>/dev/null))
        }
        complete -o default -F _explainhub_complete explainhub ./explainhub

        """;
}
