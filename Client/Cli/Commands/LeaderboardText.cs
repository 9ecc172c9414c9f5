using System.Globalization;
using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

/// <summary>
/// A score leaderboard as text: per ρ a table of SCG and CCG ×100 (mean ± standard error, n) per model × base, * on
/// the column's best, + on an agreement whose CCG beats every single function's; under each, the mean growths and
/// every exclusion by reason.
/// </summary>
internal static class LeaderboardText
{
    public static void Write(TextWriter output, ScoreLeaderboard board)
    {
        output.WriteLine($"{board.Name}  ({board.EvaluationId}, {board.Images} images)");
        foreach (var table in board.Tables)
        {
            output.WriteLine();
            output.WriteLine(Invariant($"ρ = {table.Rho:0.##%}   SCG×100 and CCG×100: mean ± standard error (n); * best in the column, + agreement above the best single function"));
            var headers = new List<string> { "function" };
            foreach (var column in board.Columns)
            {
                headers.Add($"SCG {column.Label}");
                headers.Add($"CCG {column.Label}");
            }

            var text = new TextTable([.. headers]);
            foreach (var row in table.Rows)
            {
                var cells = new List<string> { row.Function };
                foreach (var cell in row.Cells)
                {
                    cells.Add(cell is null ? "-" : Score(cell.Summary.MeanScg, cell.Summary.StandardErrorScg, cell.Summary.ScgCount, cell.BestScg ? "*" : string.Empty));
                    cells.Add(cell is null ? "-" : Score(cell.Summary.MeanCcg, cell.Summary.StandardErrorCcg, cell.Summary.CcgCount,
                        (cell.BestCcg ? "*" : string.Empty) + (cell.AboveBestSingle ? "+" : string.Empty)));
                }

                text.Add([.. cells]);
            }

            text.WriteTo(output);
            output.WriteLine();
            output.WriteLine("  mean growths of the CCG masks · images excluded: base not less informative / hybrid below base · omitted: growth limit / empty mask");
            var details = new TextTable(["  function", .. board.Columns.Select(c => c.Label)]);
            foreach (var row in table.Rows)
            {
                details.Add(["  " + row.Function, .. row.Cells.Select(c => c is null ? "-" : Details(c.Summary))]);
            }

            details.WriteTo(output);
        }

        if (board.Curves is { Count: > 0 } curves)
        {
            output.WriteLine();
            output.WriteLine("deletion AUC (lower: removing the top pixels first hurts sooner) · insertion AUC (higher) of p(y), mean ± standard error");
            var columns = curves.Select(c => (c.ModelId, c.Base)).Distinct().ToArray();
            var table = new TextTable(["function", .. columns.Select(c => $"{c.ModelId} {c.Base}")]);
            foreach (var function in curves.Select(c => c.Function).Distinct())
            {
                table.Add([function, .. columns.Select(c => curves.FirstOrDefault(r => r.Function == function && r.ModelId == c.ModelId && r.Base == c.Base) is { } r
                    ? Invariant($"{r.DeletionAuc:0.000}±{r.DeletionAucStandardError ?? 0:0.000} · {r.InsertionAuc:0.000}±{r.InsertionAucStandardError ?? 0:0.000}")
                    : "-")]);
            }

            table.WriteTo(output);
        }

        if (board.Randomisation is { Count: > 0 } checks)
        {
            output.WriteLine();
            output.WriteLine("randomisation check: mean Spearman of H, trained vs re-initialised from the head down (lower: the map follows the model)");
            foreach (var check in checks)
            {
                output.WriteLine(Invariant($"  {check.ModelId} {check.Function}: ")
                    + string.Join("  ", check.Layers.Zip(check.MeanSpearman, (layer, r) => Invariant($"{layer} {r:0.00}"))));
            }
        }

        output.Flush();
    }

    private static string Details(ScoreSummary s)
    {
        var e = s.Excluded;
        var growths = s.MeanGrowths is { } g ? Invariant($"{g:0.0}") : "n/a";
        return Invariant($"{growths} · {e.BaseNotLessInformative}/{e.HybridBelowBase} · {e.GrowthLimit}/{e.EmptyMask}");
    }

    private static string Score(double? mean, double? error, int n, string marks) => mean is { } m
        ? Invariant($"{m * 100:0}{(error is { } se ? Invariant($"±{se * 100:0}") : string.Empty)} ({n}){marks}")
        : Invariant($"n/a ({n})");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
