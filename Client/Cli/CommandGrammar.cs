using System.CommandLine;

namespace ExplainHub.Client.Cli;

/// <summary>
/// A <see cref="CommandSpec"/> as a System.CommandLine command: every value option a string of exactly one token,
/// every flag (with <c>--json</c> and <c>--help</c>/<c>-h</c>) a switch, and the global <c>--engine URL</c>.
/// </summary>
internal sealed record CommandGrammar(Command Command, IReadOnlyList<(string Name, Option<string> Option)> Values,
    IReadOnlyList<(string Name, Option<bool> Option)> Flags)
{
    public static CommandGrammar For(CommandSpec spec)
    {
        var command = new Command(spec.Name, spec.Summary);
        var values = new List<(string, Option<string>)>();
        var flags = new List<(string, Option<bool>)>();
        foreach (var name in spec.ValueOptions.Append(CommandSpec.EngineOption))
        {
            var option = new Option<string>("--" + name) { Arity = ArgumentArity.ExactlyOne };
            command.Options.Add(option);
            values.Add((name, option));
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
        return new CommandGrammar(command, values, flags);
    }
}
