using System.CommandLine;

namespace ExplainHub.Client.Cli;

/// <summary>
/// A <see cref="CommandSpec"/> as a System.CommandLine command: every value option a string of exactly one token,
/// every flag (with <c>--json</c> and <c>--help</c>/<c>-h</c>) a switch, and the global <c>--engine URL</c>.
/// </summary>
internal sealed record CommandGrammar(Command Command, IReadOnlyList<(string Name, Option<string> Option)> Values,
    IReadOnlyList<(string Name, Option<bool> Option)> Flags, IReadOnlyList<(string Name, Option<string[]> Option)> Lists)
{
    public static CommandGrammar For(CommandSpec spec)
    {
        var command = new Command(spec.Name, spec.Summary);
        var values = new List<(string, Option<string>)>();
        var flags = new List<(string, Option<bool>)>();
        foreach (var name in spec.ValueOptions.Append(CommandSpec.EngineOption))
        {
            var option = new Option<string>("--" + name) { Arity = ArgumentArity.ExactlyOne };
            option.CompletionSources.Add([.. OptionChoices.For(name)]);
            command.Options.Add(option);
            values.Add((name, option));
        }

        var lists = new List<(string, Option<string[]>)>();
        foreach (var name in spec.RepeatableOptions)
        {
            var option = new Option<string[]>("--" + name) { Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
            command.Options.Add(option);
            lists.Add((name, option));
        }

        foreach (var name in spec.Flags.Append(CommandSpec.JsonFlag))
        {
            var option = new Option<bool>("--" + name) { Arity = ArgumentArity.Zero };
            command.Options.Add(option);
            flags.Add((name, option));
        }

        var help = new Option<bool>("--" + CommandSpec.HelpFlag, "-h") { Arity = ArgumentArity.Zero };
        command.Options.Add(help);
        flags.Add((CommandSpec.HelpFlag, help));
        return new CommandGrammar(command, values, flags, lists);
    }

    /// <summary>Every command under one root, for shell completion: command names, their options and known option values.</summary>
    public static RootCommand Root()
    {
        var root = new RootCommand("explainhub");
        foreach (var spec in CommandSpecs.All)
        {
            root.Subcommands.Add(For(spec).Command);
        }

        root.Subcommands.Add(new Command("help"));
        var completion = new Command(CompletionCommandName);
        completion.Arguments.Add(new Argument<string>("shell") { Arity = ArgumentArity.ZeroOrOne });
        root.Subcommands.Add(completion);
        return root;
    }

    public const string CompletionCommandName = "completion";
}
