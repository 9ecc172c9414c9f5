using System.Globalization;
using ExplainHub.Client.Remote;
using ExplainHub.Shared;

namespace ExplainHub.Client.Cli;

/// <summary>
/// The options after a command name, checked against its <see cref="CommandSpec"/>: <c>--name value</c>,
/// <c>--name=value</c> and <c>--flag</c>, tokenised by System.CommandLine. Typed getters turn them into values or
/// <see cref="CliUsageException"/>s.
/// </summary>
internal sealed class OptionReader
{
    private readonly CommandSpec _command;
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> _lists = new(StringComparer.Ordinal);

    private OptionReader(CommandSpec command) => _command = command;

    /// <summary>
    /// Parses the tokens after the command name with System.CommandLine (<see cref="CommandGrammar"/>), then says what
    /// is wrong in this tool's words: the option that needs a value, is given twice or is unknown.
    /// </summary>
    public static OptionReader Read(CommandSpec command, IReadOnlyList<string> tokens)
    {
        // "--flag=value" would reach System.CommandLine as a flag plus a stray argument; say what it is.
        foreach (var token in tokens)
        {
            var equals = token.IndexOf('=', StringComparison.Ordinal);
            if (token.StartsWith("--", StringComparison.Ordinal) && equals > 2 && command.IsFlag(token[2..equals]))
            {
                throw new CliUsageException($"--{token[2..equals]} takes no value");
            }
        }

        var grammar = CommandGrammar.For(command);
        var result = grammar.Command.Parse(tokens.ToArray());
        var reader = new OptionReader(command);
        foreach (var (name, option) in grammar.Values)
        {
            if (result.GetResult(option) is not { } given)
            {
                continue;
            }

            if (given.IdentifierTokenCount > 1)
            {
                throw new CliUsageException($"--{name} is given more than once");
            }

            // System.CommandLine gives "--epochs --dataset d" the next option's name as the value.
            if (given.Tokens.Count == 0 || (given.Tokens[0].Value is var value && value.StartsWith("--", StringComparison.Ordinal)
                && (command.TakesValue(value[2..]) || command.IsFlag(value[2..]))))
            {
                throw new CliUsageException($"--{name} needs a value");
            }

            reader._values[name] = given.Tokens[0].Value;
        }

        foreach (var (name, option) in grammar.Lists)
        {
            if (result.GetResult(option) is not { } given)
            {
                continue;
            }

            var values = given.Tokens.Select(t => t.Value).ToList();
            if (values.Count < given.IdentifierTokenCount || values.Any(v => v.StartsWith("--", StringComparison.Ordinal)
                && (command.TakesValue(v[2..]) || command.IsFlag(v[2..]))))
            {
                throw new CliUsageException($"--{name} needs a value");
            }

            reader._lists[name] = values;
        }

        if (result.UnmatchedTokens.Count > 0)
        {
            var first = result.UnmatchedTokens[0];
            throw new CliUsageException(first.StartsWith('-')
                ? $"unknown option '{first}' for '{command.Name}' (see explainhub {command.Name} --help)"
                : $"unexpected argument '{first}' for '{command.Name}' (options start with --; see explainhub {command.Name} --help)");
        }

        if (result.Errors.Count > 0)
        {
            throw new CliUsageException($"{result.Errors[0].Message} (see explainhub {command.Name} --help)");
        }

        foreach (var (name, flag) in grammar.Flags)
        {
            if (result.GetValue(flag))
            {
                reader._flags.Add(name);
            }
        }

        return reader;
    }

    public bool Flag(string name) => _flags.Contains(name);

    public GlobalOptions Global() => new(Flag(CommandSpec.JsonFlag), ParseEngineUrl());

    public string? Text(string name) => _values.TryGetValue(name, out var value) ? value : null;

    /// <summary>Every value of a repeatable option, in the order given; none when it is absent.</summary>
    public IReadOnlyList<string> Texts(string name) => _lists.TryGetValue(name, out var values) ? values : [];

    /// <summary>Repeatable <c>--name key=value</c> pairs, each split at its first '='.</summary>
    public IReadOnlyList<(string Key, string Value)> Pairs(string name) => Texts(name).Select(text =>
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        return equals > 0
            ? (text[..equals].Trim(), text[(equals + 1)..].Trim())
            : throw new CliUsageException($"--{name} takes name=value (for example --{name} patch=8), not '{text}'");
    }).ToArray();

    public string RequiredText(string name)
    {
        var value = Text(name) ?? throw Missing(name);
        return string.IsNullOrWhiteSpace(value) ? throw new CliUsageException($"--{name} must not be empty") : value;
    }

    public int? Int(string name, int min, int max = int.MaxValue) =>
        Text(name) is { } text ? ParseInt(name, text, min, max) : null;

    public int RequiredInt(string name, int min, int max = int.MaxValue) => Int(name, min, max) ?? throw Missing(name);

    public double? PositiveDouble(string name)
    {
        if (Text(name) is not { } text)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value <= 0)
        {
            throw new CliUsageException($"--{name} must be a positive number, not '{text}'");
        }

        return value;
    }

    public double? Number(string name)
    {
        if (Text(name) is not { } text)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new CliUsageException($"--{name} must be a number, not '{text}'");
    }

    /// <summary>A comma-separated list such as <c>0,1,2</c>; ranges are not supported.</summary>
    public IReadOnlyList<int> RequiredIntList(string name, int min)
    {
        var text = Text(name) ?? throw Missing(name);
        var items = text.Split(',', StringSplitOptions.TrimEntries);
        if (items.Any(string.IsNullOrEmpty))
        {
            throw new CliUsageException($"--{name} must be a comma-separated list of numbers such as 0,1,2, not '{text}'");
        }

        return items.Select(item => ParseInt(name, item, min, int.MaxValue)).ToArray();
    }

    public DatasetSplit Split(string name, DatasetSplit fallback) => Choice(name, fallback);

    /// <summary>One of an enum's names, written in lower case on the command line (<c>--split test</c>).</summary>
    public TEnum Choice<TEnum>(string name, TEnum fallback)
        where TEnum : struct, Enum
    {
        if (Text(name) is not { } text)
        {
            return fallback;
        }

        var names = Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()).ToArray();
        var index = Array.IndexOf(names, text);
        return index >= 0
            ? Enum.GetValues<TEnum>()[index]
            : throw new CliUsageException($"--{name} must be {string.Join(" or ", names.Select(n => $"'{n}'"))}, not '{text}'");
    }

    private Uri? ParseEngineUrl()
    {
        if (Text(CommandSpec.EngineOption) is not { } text)
        {
            return null;
        }

        try
        {
            return EngineUrl.Parse(text);
        }
        catch (EngineException ex)
        {
            throw new CliUsageException("--engine: " + ex.Message, ex);
        }
    }

    private static int ParseInt(string name, string text, int min, int max)
    {
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw new CliUsageException($"--{name} must be a whole number, not '{text}'");
        }

        if (value < min || value > max)
        {
            throw new CliUsageException(max == int.MaxValue
                ? $"--{name} must be at least {min}, not {value}"
                : $"--{name} must be between {min} and {max}, not {value}");
        }

        return value;
    }

    private CliUsageException Missing(string name) =>
        new($"'{_command.Name}' needs --{name} (see explainhub {_command.Name} --help)");
}
