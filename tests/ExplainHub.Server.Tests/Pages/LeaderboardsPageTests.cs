using Bunit;
using ExplainHub.Shared;
using LeaderboardsPage = ExplainHub.Server.Components.Pages.Leaderboards;

namespace ExplainHub.Server.Tests.Pages;

public sealed class LeaderboardsPageTests : ComponentTest
{
    [Fact]
    public void AStoredEvaluation_IsATablePerRho_WithTheBestPerColumnBold_AndDownloadLinks()
    {
        Engine.AddModel("cnn");
        var request = new EvaluationRequest("fashion-mnist", [], Images: 10);
        Engine.Evaluations["e-1"] = new EvaluationResult("e-1", "Table 1", request, DateTimeOffset.UnixEpoch, [.. Enumerable.Range(0, 10)],
        [
            Row("cam", 0.25, 0.70, 3.10), Row("gradient", 0.25, 0.60, 4.20), Row("cam", 0.05, 0.30, 7.5), Row("gradient", 0.05, 0.20, 5.0),
        ], 2.0);

        var page = Context.Render<LeaderboardsPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".score-table").Count));
        Assert.Equal(["0.25", "0.05"], page.FindAll(".score-table").Select(t => t.GetAttribute("data-rho")));
        var first = page.FindAll(".score-table")[0];
        Assert.Equal("70", first.QuerySelector("tbody tr:first-child td .best")!.TextContent); // CAM's SCG is the column's best
        Assert.Contains("excluded: base not less informative 0, hybrid below base 2", first.QuerySelector("td.score-cell")!.GetAttribute("title"), StringComparison.Ordinal);
        Assert.Contains(page.FindAll("a"), a => a.GetAttribute("href") == "exports/evaluations/e-1/leaderboard.csv");
        Assert.Single(page.FindAll("#accuracy-board tbody tr"));
        Assert.Equal(["scores-0-25", "scores-0-05"], page.FindAll("[id^=scores-]").Select(c => c.Id));
    }

    private static ScoreRow Row(string function, double rho, double scg, double ccg) =>
        new("cnn", function, [function], BaseImageKinds.Blur, rho, new ScoreSummary(scg, 0.02, 8, ccg, 0.3, 7, 2.5, new ExclusionCounts(0, 2, 0, 0)), []);
}
