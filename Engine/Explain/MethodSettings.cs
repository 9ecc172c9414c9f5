using System.Globalization;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Explain;

/// <summary>
/// An importance function's parameters after checking: every declared parameter has a value (given or default),
/// integers and numbers parse and lie within their bounds, choices are among those declared. Unknown names are
/// refused listing the known ones.
/// </summary>
public sealed class MethodSettings
{
    private readonly Dictionary<string, string> values;

    private readonly HashSet<string> given;

    private MethodSettings(MethodInfo method, Dictionary<string, string> values, HashSet<string> given)
    {
        Method = method;
        this.values = values;
        this.given = given;
    }

    public MethodInfo Method { get; }

    /// <summary>Every parameter with the value used, in declaration order.</summary>
    public IReadOnlyList<MethodParameter> Used => Method.Parameters.Select(p => new MethodParameter(p.Name, values[p.Name])).ToArray();

    public static MethodSettings Defaults(MethodInfo method) => Resolve(method, null);

    public static MethodSettings Resolve(MethodInfo method, IReadOnlyList<MethodParameter>? given)
    {
        var values = method.Parameters.ToDictionary(p => p.Name, p => p.Default);
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var parameter in given ?? [])
        {
            var declared = method.Parameters.FirstOrDefault(p => p.Name == parameter.Name)
                ?? throw Invalid(method.Parameters.Count == 0
                    ? $"{method.Name} takes no parameters (given '{parameter.Name}')."
                    : $"{method.Name} has no parameter '{parameter.Name}'; it takes {string.Join(", ", method.Parameters.Select(p => p.Name))}.");
            if (!named.Add(declared.Name))
            {
                throw Invalid($"{method.Name}'s {declared.Name} is given twice; give it once.");
            }

            values[declared.Name] = parameter.Value?.Trim() ?? string.Empty;
        }

        foreach (var declared in method.Parameters)
        {
            Check(method, declared, values[declared.Name]);
        }

        return new MethodSettings(method, values, named);
    }

    /// <summary>Whether the caller gave <paramref name="name"/> (else it holds its default).</summary>
    public bool IsGiven(string name) => given.Contains(name);

    public int Integer(string name) => int.Parse(Value(name, MethodParameterKind.Integer), CultureInfo.InvariantCulture);

    public double Number(string name) => double.Parse(Value(name, MethodParameterKind.Number), CultureInfo.InvariantCulture);

    public string Choice(string name) => Value(name, MethodParameterKind.Choice);

    public string Text(string name) => Value(name, MethodParameterKind.Text);

    private string Value(string name, MethodParameterKind kind)
    {
        var declared = Method.Parameters.FirstOrDefault(p => p.Name == name)
            ?? throw new InvalidOperationException($"{Method.Name} declares no parameter '{name}'.");
        if (declared.Kind != kind)
        {
            throw new InvalidOperationException($"{Method.Name}'s '{name}' is a {declared.Kind}, not a {kind}.");
        }

        return values[name];
    }

    private static void Check(MethodInfo method, MethodParameterInfo p, string value)
    {
        var where = $"{method.Name}'s {p.Name}";
        switch (p.Kind)
        {
            case MethodParameterKind.Integer:
                if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer))
                {
                    throw Invalid($"{where} must be a whole number, not '{value}'.");
                }

                InRange(where, p, integer, value);
                break;
            case MethodParameterKind.Number:
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
                {
                    throw Invalid($"{where} must be a number, not '{value}'.");
                }

                InRange(where, p, number, value);
                break;
            case MethodParameterKind.Choice:
                if (p.Choices is { } choices && !choices.Contains(value))
                {
                    throw Invalid($"{where} must be one of {string.Join(", ", choices)}, not '{value}'.");
                }

                break;
        }
    }

    private static void InRange(string where, MethodParameterInfo p, double number, string text)
    {
        if ((p.Min is { } min && number < min) || (p.Max is { } max && number > max))
        {
            throw Invalid($"{where} must be within {Bound(p.Min, "−∞")}..{Bound(p.Max, "∞")}, not {text}.");
        }
    }

    private static string Bound(double? value, string none) => value?.ToString(CultureInfo.InvariantCulture) ?? none;

    private static EngineException Invalid(string message) => new(EngineErrorKind.InvalidRequest, message);
}
