using ExplainHub.Shared;

namespace ExplainHub.Client.Cli;

/// <summary>
/// Runs one command line: parse, open the engine, run, and turn every failure into one line
/// <c>error: …</c> on stderr with exit code 2 (usage), 1 (failure) or 130 (cancelled).
/// </summary>
internal sealed class CliApp(CliContext context, ICliEngineFactory engines)
{
    public static async Task<int> MainAsync(string[] args)
    {
        using var cancellation = new CancellationTokenSource();

        // The first Ctrl+C cancels cleanly (a training job is cancelled on the engine too); a second one is
        // left to the runtime and ends the process at once.
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            if (!cancellation.IsCancellationRequested)
            {
                e.Cancel = true;
                Console.Error.WriteLine();
                Console.Error.WriteLine("cancelling … (Ctrl+C again to quit at once)");
                cancellation.Cancel();
            }
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var context = new CliContext(Console.Out, Console.Error, !Console.IsErrorRedirected, Environment.CurrentDirectory);
            return await new CliApp(context, new CliEngineFactory()).RunAsync(args, cancellation.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        CliCommand command;
        try
        {
            command = CliParser.Parse(args);
        }
        catch (CliUsageException ex)
        {
            return Fail(ex.Message, ExitCodes.Usage);
        }

        try
        {
            return await command.ExecuteAsync(context, engines, cancellationToken);
        }
        catch (CliUsageException ex)
        {
            // What only running can find out (an unknown method of this engine, a file that is not there) is still the user's to fix.
            return Fail(ex.Message, ExitCodes.Usage);
        }
        catch (EngineException ex) when (ex.Kind == EngineErrorKind.Cancelled)
        {
            return Fail(ex.Message, ExitCodes.Cancelled);
        }
        catch (EngineException ex)
        {
            return Fail(ex.Message, ExitCodes.Failure);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Fail("cancelled", ExitCodes.Cancelled);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail(ex.Message, ExitCodes.Failure);
        }
        catch (Exception ex)
        {
            // A bug, not a user error: still one line, naming the exception so it can be reported.
            return Fail($"internal error ({ex.GetType().Name}): {ex.Message}", ExitCodes.Failure);
        }
    }

    private int Fail(string message, int exitCode)
    {
        var oneLine = string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        context.Error.WriteLine($"error: {oneLine}");
        context.Error.Flush();
        return exitCode;
    }
}
