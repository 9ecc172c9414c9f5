using System.Globalization;
using System.Text;

namespace ExplainHub.Shared;

/// <summary>A leaderboard column: one model with one base image (seed 002 Table 1's "Floor G_k", "Floor Z_k", …).</summary>
public sealed record LeaderboardColumn(string ModelId, string Base)
{
    public string Label => $"{ModelId} {Base}";
}

/// <summary>
/// One cell: the row's summary in the column, whether it has the column's best mean SCG and best mean CCG, and for an
/// agreement whether its CCG beats the best single function's (the seed's bold pairs).
/// </summary>
public sealed record LeaderboardCell(ScoreSummary Summary, bool BestScg, bool BestCcg, bool AboveBestSingle);

/// <summary>A function with its parameters (or an agreement of 2–3, <see cref="Members"/> &gt; 1) and a cell per column; null where not scored.</summary>
public sealed record LeaderboardRow(string Function, int Members, IReadOnlyList<LeaderboardCell?> Cells);

/// <summary>The rows at one ρ.</summary>
public sealed record LeaderboardTable(double Rho, IReadOnlyList<LeaderboardRow> Rows);

/// <summary>
/// An evaluation in the shape of seed 002's Table 1: per ρ, rows = importance function × configuration (single
/// functions first, then agreements), columns = model × base image, cells = mean SCG and CCG with n, standard error
/// and exclusions, best per column marked.
/// </summary>
public sealed record ScoreLeaderboard(string EvaluationId, string Name, int Images, IReadOnlyList<LeaderboardColumn> Columns, IReadOnlyList<LeaderboardTable> Tables,
    IReadOnlyList<CurveRow>? Curves = null,
    IReadOnlyList<RandomisationRow>? Randomisation = null)
{
    public static ScoreLeaderboard From(EvaluationResult result)
    {
        var columns = result.Rows.Select(r => new LeaderboardColumn(r.ModelId, r.Base)).Distinct().ToArray();
        var functions = result.Rows.OrderBy(r => r.Members.Count).Select(r => (r.Function, r.Members.Count)).Distinct().ToArray();
        var tables = result.Rows.Select(r => r.Rho).Distinct().OrderByDescending(r => r).Select(rho =>
        {
            var here = result.Rows.Where(r => r.Rho == rho).ToArray();
            var cells = functions.Select(f => columns.Select(c =>
                here.FirstOrDefault(r => r.Function == f.Function && r.ModelId == c.ModelId && r.Base == c.Base)?.Summary).ToArray()).ToArray();
            var rows = functions.Select((f, i) => new LeaderboardRow(f.Function, f.Count, columns.Select((_, j) =>
            {
                if (cells[i][j] is not { } summary)
                {
                    return null;
                }

                var column = cells.Select(row => row[j]).ToArray();
                var bestScg = column.Max(s => s?.MeanScg);
                var bestCcg = column.Max(s => s?.MeanCcg);
                var bestSingle = column.Where((_, k) => functions[k].Count == 1).Max(s => s?.MeanCcg);
                return new LeaderboardCell(summary, summary.MeanScg is { } scg && scg == bestScg, summary.MeanCcg is { } ccg && ccg == bestCcg,
                    f.Count > 1 && summary.MeanCcg is { } mine && bestSingle is { } single && mine > single);
            }).ToArray())).Where(r => r.Cells.Any(c => c is not null)).ToArray();
            return new LeaderboardTable(rho, rows);
        }).ToArray();
        return new ScoreLeaderboard(result.Id, result.Name, result.Indices.Count, columns, tables, result.Curves is { Count: > 0 } c ? c : null,
            result.Randomisation is { Count: > 0 } r ? r : null);
    }

    /// <summary>One line per (ρ, function, column), scores ×100 as in the seed's table, for spreadsheets and plots.</summary>
    public string ToCsv()
    {
        var text = new StringBuilder().AppendLine(
            "rho,function,members,model,base,scg_x100,scg_se_x100,scg_n,ccg_x100,ccg_se_x100,ccg_n,mean_growths,"
            + "excluded_base_not_less_informative,excluded_hybrid_below_base,omitted_growth_limit,omitted_empty_mask,best_scg,best_ccg,above_best_single");
        foreach (var table in Tables)
        {
            foreach (var row in table.Rows)
            {
                for (var j = 0; j < Columns.Count; j++)
                {
                    if (row.Cells[j] is not { } cell)
                    {
                        continue;
                    }

                    var s = cell.Summary;
                    string[] fields =
                    [
                        Number(table.Rho), Quote(row.Function), Number(row.Members), Quote(Columns[j].ModelId), Columns[j].Base,
                        Number(s.MeanScg * 100), Number(s.StandardErrorScg * 100), Number(s.ScgCount),
                        Number(s.MeanCcg * 100), Number(s.StandardErrorCcg * 100), Number(s.CcgCount), Number(s.MeanGrowths),
                        Number(s.Excluded.BaseNotLessInformative), Number(s.Excluded.HybridBelowBase), Number(s.Excluded.GrowthLimit), Number(s.Excluded.EmptyMask),
                        Flag(cell.BestScg), Flag(cell.BestCcg), Flag(cell.AboveBestSingle),
                    ];
                    text.AppendLine(string.Join(",", fields));
                }
            }
        }

        return text.ToString();
    }

    private static string Number(double? value) => value is { } v ? v.ToString("0.######", CultureInfo.InvariantCulture) : string.Empty;

    private static string Flag(bool value) => value ? "1" : "0";

    private static string Quote(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
