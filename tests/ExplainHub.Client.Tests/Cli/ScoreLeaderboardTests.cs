using ExplainHub.Shared;

namespace ExplainHub.Client.Tests.Cli;

public sealed class ScoreLeaderboardTests
{
    [Fact]
    public void Rows_AreFunctionsThenAgreements_ColumnsModelTimesBase_TablesPerRho_AndTheBestIsMarkedPerColumn()
    {
        var rows = new List<ScoreRow>();
        void Add(string model, string function, int members, string kind, double rho, double scg, double ccg) =>
            rows.Add(new ScoreRow(model, function, Enumerable.Repeat(function, members).ToArray(), kind, rho,
                new ScoreSummary(scg, null, 1, ccg, null, 1, 0, new ExclusionCounts(0, 0, 0, 0)), []));
        Add("a", "cam+grad", 2, "blur", 0.25, 0.1, 3.0);
        Add("a", "cam", 1, "blur", 0.25, 0.5, 1.0);
        Add("a", "grad", 1, "blur", 0.25, 0.6, 2.0);
        Add("a", "cam", 1, "zeros", 0.25, 0.2, 1.5);
        Add("a", "grad", 1, "zeros", 0.25, 0.1, 1.0);
        Add("a", "cam+grad", 2, "zeros", 0.25, 0.05, 1.2);
        Add("b", "cam", 1, "blur", 0.05, 0.3, 9.0);
        var result = new EvaluationResult("eval-x", "x", new EvaluationRequest("d", []), DateTimeOffset.UnixEpoch, [0], rows, 1);

        var board = ScoreLeaderboard.From(result);

        Assert.Equal(["a blur", "a zeros", "b blur"], board.Columns.Select(c => c.Label));
        Assert.Equal([0.25, 0.05], board.Tables.Select(t => t.Rho));
        var quarter = board.Tables[0];
        Assert.Equal(["cam", "grad", "cam+grad"], quarter.Rows.Select(r => r.Function));
        var grad = quarter.Rows[1].Cells;
        Assert.True(grad[0]!.BestScg);
        Assert.False(grad[0]!.BestCcg);
        Assert.Null(grad[2]);
        var pair = quarter.Rows[2].Cells;
        Assert.True(pair[0]!.BestCcg && pair[0]!.AboveBestSingle);
        // Below cam's 1.5 in the zero-base column: not above the best single function.
        Assert.False(pair[1]!.AboveBestSingle);
        Assert.Equal(["cam"], board.Tables[1].Rows.Select(r => r.Function));

        var csv = board.ToCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + 7, csv.Length);
        Assert.StartsWith("0.25,\"cam+grad\",2,\"a\",blur,10,,1,300,,1,0,0,0,0,0,0,1,1", csv[5], StringComparison.Ordinal);
    }
}
