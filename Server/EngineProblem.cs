using ExplainHub.Shared;

namespace ExplainHub.Server;

/// <summary>An engine's refusal or failure as an HTTP problem answer that says what happened, for the download endpoints.</summary>
public static class EngineProblem
{
    public static IResult From(EngineException e) => Results.Problem(e.Message, statusCode: StatusOf(e.Kind));

    /// <summary>
    /// The caller's mistake is 4xx; an engine or data set that cannot be reached now is 503 (try again); what is stored
    /// but cannot be read, or a native fault, is 500 with the engine's words.
    /// </summary>
    public static int StatusOf(EngineErrorKind kind) => kind switch
    {
        EngineErrorKind.InvalidRequest => StatusCodes.Status400BadRequest,
        EngineErrorKind.NotFound => StatusCodes.Status404NotFound,
        EngineErrorKind.Unavailable or EngineErrorKind.DatasetUnavailable or EngineErrorKind.Cancelled => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}
