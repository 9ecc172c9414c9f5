namespace ExplainHub.Client.Cli;

/// <summary>
/// What a command accepts: options that take a value and flags. Every command also takes the global
/// <c>--engine URL</c>, <c>--json</c> and <c>--help</c>.
/// </summary>
internal sealed record CommandSpec(
    string Name,
    string Summary,
    string Usage,
    IReadOnlyList<string> ValueOptions,
    IReadOnlyList<string> Flags,
    IReadOnlyList<string>? Repeatable = null)
{
    /// <summary>Value options that may be given more than once (<c>--param a=1 --param b=2</c>).</summary>
    public IReadOnlyList<string> RepeatableOptions => Repeatable ?? [];

    public const string EngineOption = "engine";
    public const string JsonFlag = "json";
    public const string HelpFlag = "help";

    public bool TakesValue(string option) => option == EngineOption || ValueOptions.Contains(option) || RepeatableOptions.Contains(option);

    public bool IsFlag(string option) => option is JsonFlag or HelpFlag || Flags.Contains(option);
}
