using ExplainHub.Shared;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace ExplainHub.Engine.Hosting;

/// <summary>
/// Turns every failure of a hub call into a <see cref="HubException"/> whose message is the engine's wire form
/// "Kind: message", the only exception text SignalR forwards to clients. Anything that is not an
/// <see cref="EngineException"/> is a bug or a native fault: it is logged here in full and crosses the wire as a
/// fixed sentence, so no stack trace or internal detail leaks to a remote caller.
/// </summary>
public sealed class EngineHubErrorFilter(ILogger<EngineHubErrorFilter> logger) : IHubFilter
{
    internal const string InternalErrorMessage = "internal engine error; see the engine host's log for details.";

    public async ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext invocationContext,
        Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (Exception ex)
        {
            throw ToHubException(ex, invocationContext.HubMethodName, logger);
        }
    }

    internal static HubException ToHubException(Exception exception, string method, ILogger logger)
    {
        switch (exception)
        {
            case HubException hub:
                return hub;
            case EngineException engine:
                logger.LogInformation("Hub call {Method} failed: {Kind}: {Message}", method, engine.Kind, engine.Message);
                return new HubException(engine.ToWireMessage());
            case ArgumentException argument:
                // A malformed request (null field, out-of-range value) is the caller's to fix, and says nothing
                // internal. Logged with its stack in case it was a bug after all.
                logger.LogWarning(argument, "Hub call {Method} was given invalid arguments", method);
                return new HubException(new EngineException(EngineErrorKind.InvalidRequest, argument.Message).ToWireMessage());
            case OperationCanceledException:
                return new HubException(new EngineException(EngineErrorKind.Cancelled, "The call was cancelled.").ToWireMessage());
            default:
                logger.LogError(exception, "Hub call {Method} failed unexpectedly", method);
                return new HubException(new EngineException(EngineErrorKind.Native, InternalErrorMessage).ToWireMessage());
        }
    }
}
