namespace ExplainHub.Client.Cli;

/// <summary>
/// Where a command writes: results to <see cref="Out"/> (human text or JSON), progress and diagnostics to
/// <see cref="Error"/>, so that <c>--json</c> output can be piped. <see cref="ErrorIsTerminal"/> decides between a
/// redrawn progress bar and plain progress lines.
/// </summary>
internal sealed record CliContext(TextWriter Out, TextWriter Error, bool ErrorIsTerminal, string WorkingDirectory);
