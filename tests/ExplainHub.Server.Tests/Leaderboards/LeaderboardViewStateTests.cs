using ExplainHub.Server.Leaderboards;
using ExplainHub.Server.Tests.Fakes;
using ExplainHub.Shared;

namespace ExplainHub.Server.Tests.Leaderboards;

public sealed class LeaderboardViewStateTests : IDisposable
{
    private static readonly string[] NetworkMethods =
        [ExplanationMethods.Occlusion, ExplanationMethods.Gradient, ExplanationMethods.Cam, ExplanationMethods.GradCam, ExplanationMethods.ContrastiveExcitation];

    private readonly FakeEngine _engine = new();
    private readonly TestViewHost _host = new();

    public LeaderboardViewStateTests()
    {
        _engine.AddModel("cnn", DateTimeOffset.UnixEpoch.AddDays(3));
        _engine.AddModel("svm", DateTimeOffset.UnixEpoch.AddDays(2));
        // The CNN takes every Table-1 function; the SVM only occlusion (and Hadamard, which Table 1 does not list).
        _engine.MethodsOf = id => [.. NetworkMethods.Append(ExplanationMethods.Hadamard).Select(m => new MethodAvailability(
            new MethodInfo(m, m, "", "", []), id == "cnn" ? m != ExplanationMethods.Hadamard : m is ExplanationMethods.Occlusion or ExplanationMethods.Hadamard,
            id == "cnn" || m is ExplanationMethods.Occlusion or ExplanationMethods.Hadamard ? null : $"{m} needs a network"))];
    }

    [Fact]
    public async Task Opening_ShowsTheNewestEvaluationAsTable1_AndRanksModelsByTestAccuracy()
    {
        _engine.Evaluations["e-old"] = Evaluation("e-old", DateTimeOffset.UnixEpoch, ("cnn", "cam", 0.5, 2.0));
        _engine.Evaluations["e-new"] = Evaluation("e-new", DateTimeOffset.UnixEpoch.AddDays(1), ("cnn", "cam", 0.7, 3.0), ("cnn", "gradient", 0.6, 4.0));
        var state = await OpenAsync();

        Assert.Equal(["e-new", "e-old"], state.Evaluations.Select(e => e.Id));
        var board = Assert.IsType<ScoreLeaderboard>(state.Board);
        Assert.Equal("e-new", board.EvaluationId);
        var rows = Assert.Single(board.Tables).Rows;
        Assert.True(rows.Single(r => r.Function == "cam").Cells[0]!.BestScg);
        Assert.True(rows.Single(r => r.Function == "gradient").Cells[0]!.BestCcg);
        Assert.Equal(["cnn", "svm"], state.SelectedModels);
        Assert.Equal(2, state.AccuracyRanking.Count);
    }

    [Fact]
    public async Task Evaluate_ScoresTheTable1FunctionsThatApply_FollowsTheJob_AndShowsItsLeaderboard()
    {
        var state = await OpenAsync();
        state.Images = 50;

        await state.StartAsync();

        var request = Assert.Single(_engine.EvaluationRequests);
        Assert.Equal(50, request.Images);
        // 9 Table-1 functions for the CNN (3 occlusions, 3 gradients, CAM, Grad-CAM, c-MWP), 3 occlusions for the SVM.
        Assert.Equal(9, request.Explainers.Count(e => e.ModelId == "cnn"));
        Assert.Equal(3, request.Explainers.Count(e => e.ModelId == "svm"));
        Assert.Equal(3, request.Agreements!.Count); // the seed's pairs exist only on the CNN
        Assert.All(request.Agreements, a => Assert.All(a, i => Assert.Equal("cnn", request.Explainers[i].ModelId)));
        Assert.Contains("svm/gradient: gradient needs a network", state.Skipped);
        Assert.True(state.IsRunning);

        var job = _engine.Jobs.Single();
        job.Report(new TrainingProgress(job.Id, TrainingPhase.Batch, 1, 1, 3, 12, 0, 0, null, 0, 30, JobState.Running, Step: "cnn: occlusion(patch=4.4%)"));
        await Eventually.True(() => state.ProgressFraction > 0.2, "the progress to show");
        Assert.StartsWith("cnn: occlusion(patch=4.4%) · 3/12", state.ProgressText, StringComparison.Ordinal);

        _engine.Evaluations["e-1"] = Evaluation("e-1", DateTimeOffset.UnixEpoch, ("cnn", "cam", 0.7, 3.0));
        job.Finish(JobState.Completed, evaluationId: "e-1");
        await Eventually.True(() => state.Message is not null, "the evaluation's end to show");
        Assert.Equal("e-1", state.Board?.EvaluationId);
        Assert.False(state.IsRunning);
        Assert.StartsWith("Evaluation finished", state.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_StopsTheJob_AndSaysNothingWasStored()
    {
        var state = await OpenAsync();
        await state.StartAsync();

        await state.CancelAsync();

        await Eventually.True(() => !state.IsRunning, "the job to end");
        Assert.Equal("The evaluation was cancelled; nothing was stored.", state.Message);
        Assert.Null(state.Board);
    }

    [Fact]
    public async Task AbsurdRequests_AreRefusedWithAMessage_BeforeAnyJobStarts()
    {
        _engine.AddModel("other-data", DateTimeOffset.UnixEpoch);
        var state = await OpenAsync();

        state.SelectModels([]);
        await state.StartAsync();
        Assert.Equal("Choose at least one model to score.", state.Error);

        state.SelectModels(["cnn"]);
        state.Images = 0;
        await state.StartAsync();
        Assert.Equal("Score 1 to 10,000 images, not 0.", state.Error);

        Assert.Empty(_engine.EvaluationRequests);
    }

    [Fact]
    public async Task APageOpenedWhileAnEvaluationRuns_FollowsIt()
    {
        var first = await OpenAsync();
        await first.StartAsync();

        var second = await OpenAsync();

        Assert.True(second.IsRunning);
        Assert.Equal(first.Job!.Id, second.Job!.Id);
    }

    private async Task<LeaderboardViewState> OpenAsync()
    {
        var state = new LeaderboardViewState(_engine, _host);
        await state.InitializeAsync();
        return state;
    }

    private static EvaluationResult Evaluation(string id, DateTimeOffset created, params (string Model, string Function, double Scg, double Ccg)[] rows)
    {
        var request = new EvaluationRequest("fashion-mnist", [], Images: 10);
        return new EvaluationResult(id, $"evaluation {id}", request, created, [.. Enumerable.Range(0, 10)],
            [.. rows.Select(r => new ScoreRow(r.Model, r.Function, [r.Function], BaseImageKinds.Blur, 0.25,
                new ScoreSummary(r.Scg, 0.01, 10, r.Ccg, 0.1, 9, 1.5, new ExclusionCounts(0, 1, 0, 0)), []))], 1.0);
    }

    public void Dispose() => _host.Dispose();
}
