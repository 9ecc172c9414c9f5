using ExplainHub.Server.Leaderboards;
using ExplainHub.Server.Tests.Fakes;
using ExplainHub.Shared;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ExplainHub.Server.Tests.Leaderboards;

public sealed class LeaderboardExportsTests
{
    [Theory]
    [InlineData(EngineErrorKind.NotFound, 404)]
    [InlineData(EngineErrorKind.InvalidRequest, 400)]
    [InlineData(EngineErrorKind.Unavailable, 503)]
    [InlineData(EngineErrorKind.Native, 500)]
    public async Task AnEngineFailure_IsAProblemThatSaysWhat_NotABare500(EngineErrorKind kind, int status)
    {
        // Unavailable: a remote engine that went away; Native: an evaluation file on disk that cannot be read.
        var engine = new FakeEngine { FailGetEvaluation = () => new EngineException(kind, "the engine's own words") };

        var result = await LeaderboardExports.Export(engine, "e-1", _ => Microsoft.AspNetCore.Http.Results.Ok(), CancellationToken.None);

        var problem = Assert.IsType<ProblemHttpResult>(result);
        Assert.Equal(status, problem.StatusCode);
        Assert.Equal("the engine's own words", problem.ProblemDetails.Detail);
    }
}
