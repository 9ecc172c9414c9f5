using System.Globalization;
using ExplainHub.Client.Cli;
using ExplainHub.Client.Tests.Fakes;
using ExplainHub.Shared;

namespace ExplainHub.Client.Tests.Cli;

public sealed class EvaluateCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("explainhub-evaluate-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Table1_IsTheDefault_EachModelGetsTheFunctionsThatApply_AndThePairsWhoseMembersItHas()
    {
        var engine = EvaluatingEngine();

        var run = await CliRun.RunAsync(engine, ["evaluate", "--models", "m-1,m-2", "--images", "50"], _directory);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var request = Assert.Single(engine.StartedEvaluations);
        Assert.Equal("tiny", request.DatasetId);
        Assert.Equal(50, request.Images);
        // m-1 (a network) takes all nine; m-2 (linear) only the three occlusions.
        Assert.Equal(9 + 3, request.Explainers.Count);
        Assert.All(request.Explainers.Skip(9), e => Assert.Equal(("m-2", ExplanationMethods.Occlusion), (e.ModelId, e.Method)));
        Assert.Contains("skipping m-2/gradient: not a network", run.Error, StringComparison.Ordinal);
        // grad5+occ10, c-mwp+grad5, c-mwp+occ10, all on m-1.
        Assert.Equal([[5, 0], [8, 5], [8, 0]], request.Agreements!.Select(a => a.ToArray()));
        Assert.Equal(ScoreTarget.TrueClass, request.Target);
        Assert.Contains("ρ = 25%", run.Out, StringComparison.Ordinal);
        Assert.Contains("c-mwp+gradient(dilations=5)", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CustomFunctions_AgreementsByNumber_AndEveryOption_ReachTheRequest_AndOutWritesTheLeaderboardFiles()
    {
        var engine = EvaluatingEngine();

        var run = await CliRun.RunAsync(engine,
        [
            "evaluate", "--models", "m-1", "--functions", "cam; gradient(dilations=2) ;occlusion(patch=10%,stride=5%)", "--agree", "1+2;01+2+3",
            "--indices", "3,4,5", "--bases", "zeros", "--rho", "10%,0.5", "--target", "predicted", "--max-growths", "7",
            "--blur-size", "9", "--blur-sigma", "1.5", "--name", "mine", "--curves", "5", "--randomisation", "--out", "scores",
        ], _directory);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var request = Assert.Single(engine.StartedEvaluations);
        Assert.Equal(["m-1/cam", "m-1/gradient(dilations=2)", "m-1/occlusion(patch=10%,stride=5%)"], request.Explainers.Select(e => e.Label));
        Assert.Equal([[0, 1], [0, 1, 2]], request.Agreements!.Select(a => a.ToArray()));
        Assert.Equal([3, 4, 5], request.Indices);
        Assert.Equal([BaseImageKinds.Zeros], request.Bases);
        Assert.Equal([0.1, 0.5], request.Rhos);
        Assert.Equal(ScoreTarget.Predicted, request.Target);
        Assert.Equal(7, request.MaxGrowths);
        Assert.Equal(new BlurKernel(9, 1.5), request.Blur);
        Assert.Equal("mine", request.Name);
        Assert.Equal(5, request.CurveSteps);
        Assert.True(request.Randomisation);
        Assert.Contains("deletion AUC", run.Out, StringComparison.Ordinal);
        Assert.Contains("0.250±0.010 · 0.750±0.020", run.Out, StringComparison.Ordinal);

        var csv = await File.ReadAllLinesAsync(Path.Combine(_directory, "scores", "leaderboard.csv"));
        Assert.StartsWith("rho,function,members,model,base,scg_x100", csv[0], StringComparison.Ordinal);
        // (3 functions + 2 agreements) × 1 base × 2 ρ.
        Assert.Equal(1 + 10, csv.Length);
        Assert.True(File.Exists(Path.Combine(_directory, "scores", "evaluation.json")));
        Assert.True(File.Exists(Path.Combine(_directory, "scores", "leaderboard.json")));
    }

    [Theory]
    [InlineData("--agree", "1+9", "not a function number")]
    [InlineData("--agree", "1", "2 or 3 different functions")]
    [InlineData("--agree", "1+01", "2 or 3 different functions")]
    [InlineData("--rho", "0", "--rho")]
    [InlineData("--rho", "150%", "--rho")]
    [InlineData("--target", "true-ish", "--target")]
    [InlineData("--bases", "noise", "--bases")]
    [InlineData("--blur-size", "8", "odd")]
    [InlineData("--functions", "gradient(dilations)", "name=value")]
    [InlineData("--functions", "gradient(dilations=2", "parentheses")]
    public async Task BadOptions_AreUsageErrors_BeforeAnyJobStarts(string option, string value, string message)
    {
        var engine = EvaluatingEngine();
        string[] args = option == "--agree"
            ? ["evaluate", "--models", "m-1", "--functions", "cam;gradient", option, value]
            : ["evaluate", "--models", "m-1", option, value];

        var run = await CliRun.RunAsync(engine, args, _directory);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Empty(engine.StartedEvaluations);
    }

    [Fact]
    public async Task Leaderboard_ShowsTheNewestStoredEvaluation_ListsThem_AndRanksModelsByAccuracy()
    {
        var engine = EvaluatingEngine();
        engine.Evaluations.Add(new EvaluationInfo("eval-1", "fake", "tiny", ["m-1"], 3, 2, DateTimeOffset.UnixEpoch));

        var board = await CliRun.RunAsync(engine, ["leaderboard"], _directory);
        Assert.Equal(ExitCodes.Ok, board.ExitCode);
        Assert.Contains("fake  (eval-1, 3 images)", board.Out, StringComparison.Ordinal);
        Assert.Contains("40±10 (3)*", board.Out, StringComparison.Ordinal);

        var list = await CliRun.RunAsync(engine, ["leaderboard", "--list"], _directory);
        Assert.Contains("eval-1", list.Out, StringComparison.Ordinal);

        var accuracy = await CliRun.RunAsync(engine, ["leaderboard", "--accuracy"], _directory);
        var lines = accuracy.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("1     m-2", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("2     m-1", lines[2], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--accuracy --out d", "--out does not go with --accuracy")]
    [InlineData("--list --out d", "--out does not go with --list")]
    [InlineData("--list --id eval-1", "--id does not go with --list")]
    [InlineData("--per-class", "--per-class does not go with a stored evaluation's leaderboard")]
    [InlineData("--list --accuracy", "--accuracy does not go with --list")]
    public async Task Leaderboard_RefusesAnOptionItsModeWouldIgnore(string arguments, string message)
    {
        var engine = EvaluatingEngine();

        var run = await CliRun.RunAsync(engine, ["leaderboard", .. arguments.Split(' ')], _directory);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory, "d")));
    }

    private static FakeEngine EvaluatingEngine()
    {
        var engine = new FakeEngine();
        engine.Models.Add(TestImages.Model("m-1"));
        engine.Models.Add(TestImages.Model("m-2") with { Kind = ModelKinds.LinearSvm, TestAccuracy = 0.95 });
        MethodInfo Method(string name) => new(name, name, "paper", "needs", []);
        engine.OnGetMethods = id => new[]
        {
            ExplanationMethods.Occlusion, ExplanationMethods.Gradient, ExplanationMethods.Cam, ExplanationMethods.GradCam, ExplanationMethods.ContrastiveExcitation,
        }.Select(m => new MethodAvailability(Method(m), id == "m-1" || m == ExplanationMethods.Occlusion, id == "m-1" || m == ExplanationMethods.Occlusion ? null : "not a network")).ToArray();
        engine.OnGetEvaluation = id => Result(id, engine.StartedEvaluations.LastOrDefault());
        return engine;
    }

    // One row per explainer and agreement × base × ρ of the request, SCG 0.4 ± 0.1 over 3 images.
    private static EvaluationResult Result(string id, EvaluationRequest? request)
    {
        request ??= new EvaluationRequest("tiny", [new("m-1", ExplanationMethods.Cam), new("m-1", ExplanationMethods.Gradient)], Bases: [BaseImageKinds.Blur], Rhos: [0.25]);
        var scores = new[] { 0.3, 0.4, 0.5 }.Select((s, i) => new ImageScore(i, 0, 0.9, 0.1, 0.5, s, s * 3, 1, 10, 20, null)).ToArray();
        var summary = new ScoreSummary(0.4, 0.1, 3, 1.2, 0.3, 3, 1, new ExclusionCounts(0, 0, 0, 0));
        var rows = new List<ScoreRow>();
        foreach (var rho in request.RhosOrDefault)
        {
            foreach (var kind in request.BasesOrDefault)
            {
                var i = 0;
                foreach (var e in request.Explainers)
                {
                    rows.Add(new ScoreRow(e.ModelId, e.Label[(e.ModelId.Length + 1)..], [e.Label], kind, rho,
                        summary with { MeanScg = 0.4 - (0.01 * i++) }, scores));
                }

                foreach (var agreement in request.Agreements ?? [])
                {
                    var members = agreement.Select(m => request.Explainers[m]).ToArray();
                    rows.Add(new ScoreRow(members[0].ModelId, string.Join("+", members.Select(m => m.Label[(m.ModelId.Length + 1)..])),
                        members.Select(m => m.Label).ToArray(), kind, rho, summary, scores));
                }
            }
        }

        var curves = request.CurveSteps > 0
            ? request.Explainers.Select(e => new CurveRow(e.ModelId, e.Label[(e.ModelId.Length + 1)..], BaseImageKinds.Zeros, request.CurveSteps, 0.25, 0.01, 0.75, 0.02,
                new double[request.CurveSteps + 1], new double[request.CurveSteps + 1], 3)).ToArray()
            : null;
        return new EvaluationResult(id, request.Name ?? "fake", request, DateTimeOffset.UnixEpoch, [0, 1, 2], rows, 1.5, curves);
    }
}
