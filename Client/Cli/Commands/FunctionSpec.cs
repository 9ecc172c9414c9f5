using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

/// <summary>
/// A function as typed on the command line: <c>method</c> or <c>method(name=value,name=value)</c>, the way
/// explainer labels are printed; several are separated by <c>;</c>.
/// </summary>
internal static class FunctionSpec
{
    public static IReadOnlyList<PresetFunction> ParseList(string text)
    {
        var parts = text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            throw new CliUsageException("--functions lists at least one method (method or method(name=value,…), separated by ;)");
        }

        return parts.Select((part, i) => Parse(part, (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
    }

    public static PresetFunction Parse(string text, string key)
    {
        var open = text.IndexOf('(', StringComparison.Ordinal);
        if (open < 0)
        {
            return new PresetFunction(key, Name(text, text));
        }

        if (!text.EndsWith(')'))
        {
            throw new CliUsageException($"'{text}': parameters go in parentheses, method(name=value,…)");
        }

        var parameters = text[(open + 1)..^1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(pair =>
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            return equals <= 0 || equals == pair.Length - 1
                ? throw new CliUsageException($"'{text}': '{pair}' is not name=value")
                : new MethodParameter(pair[..equals].Trim(), pair[(equals + 1)..].Trim());
        }).ToArray();
        return new PresetFunction(key, Name(text[..open], text), parameters.Length > 0 ? parameters : null);
    }

    /// <summary>"2+3;1+2+3": agreements by the 1-based position of functions in the list.</summary>
    public static IReadOnlyList<PresetAgreement> ParseAgreements(string text, int functions) =>
        text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(group =>
        {
            var keys = group.Split('+', StringSplitOptions.TrimEntries).Select(k =>
                int.TryParse(k, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= functions
                    ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) // "01" is function 1, keyed "1"
                    : throw new CliUsageException($"--agree '{group}': '{k}' is not a function number 1 to {functions}")).ToArray();
            return keys.Length is 2 or 3 && keys.Distinct().Count() == keys.Length
                ? new PresetAgreement(keys)
                : throw new CliUsageException($"--agree '{group}' intersects 2 or 3 different functions (e.g. 1+2)");
        }).ToArray();

    private static string Name(string name, string text)
    {
        var method = name.Trim();
        return method.Length == 0 || method.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-'))
            ? throw new CliUsageException($"'{text}' does not start with a method name")
            : method;
    }
}
