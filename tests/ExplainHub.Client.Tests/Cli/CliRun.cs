using ExplainHub.Client.Cli;
using ExplainHub.Client.Tests.Fakes;

namespace ExplainHub.Client.Tests.Cli;

/// <summary>What one CLI run printed and returned.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error, int EngineReleases)
{
    public static async Task<CliRun> RunAsync(
        FakeEngine engine,
        IReadOnlyList<string> args,
        string? workingDirectory = null,
        CancellationToken cancellationToken = default)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, ErrorIsTerminal: false, workingDirectory ?? Directory.GetCurrentDirectory());
        var factory = new FakeEngineFactory(engine);
        var code = await new CliApp(context, factory).RunAsync(args, cancellationToken);
        return new CliRun(code, output.ToString(), error.ToString(), factory.Leases.Releases);
    }

    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
