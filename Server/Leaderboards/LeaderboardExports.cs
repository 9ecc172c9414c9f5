using System.Text;
using System.Text.Json;
using ExplainHub.Engine.Hosting;
using ExplainHub.Server.Access;
using ExplainHub.Shared;

namespace ExplainHub.Server.Leaderboards;

/// <summary>
/// Stored evaluations as downloads (plain links, no script), for the team (<see cref="TeamAccess"/>): the leaderboard
/// as CSV and JSON, the whole evaluation as JSON. The engine validates the id (no path is built from it here); an
/// unknown one is a 404 problem, an engine that cannot be reached a 503 (<see cref="EngineProblem"/>).
/// </summary>
public static class LeaderboardExports
{
    private static readonly JsonSerializerOptions Json = CreateJson();

    public static IEndpointRouteBuilder MapLeaderboardExports(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/exports/evaluations/{id}").RequireAuthorization(TeamAccess.Policy);
        group.MapGet("/leaderboard.csv", (string id, IEngine engine, CancellationToken token) =>
            Export(engine, id, result => Results.File(Encoding.UTF8.GetBytes(ScoreLeaderboard.From(result).ToCsv()), "text/csv", $"leaderboard-{id}.csv"), token));
        group.MapGet("/leaderboard.json", (string id, IEngine engine, CancellationToken token) =>
            Export(engine, id, result => Results.Json(ScoreLeaderboard.From(result), Json), token));
        group.MapGet("/evaluation.json", (string id, IEngine engine, CancellationToken token) =>
            Export(engine, id, result => Results.Json(result, Json), token));
        return endpoints;
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };
        EngineHubEndpoints.ConfigureJson(options); // NaN means can occur (an empty column); plain JSON cannot carry them
        return options;
    }

    internal static async Task<IResult> Export(IEngine engine, string id, Func<EvaluationResult, IResult> write, CancellationToken token)
    {
        try
        {
            return write(await engine.GetEvaluationAsync(id, token));
        }
        catch (EngineException e)
        {
            return EngineProblem.From(e);
        }
    }
}
