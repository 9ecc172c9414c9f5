using ExplainHub.Server.Sweeps;
using ExplainHub.Server.Tests.Fakes;
using ExplainHub.Server.Training;
using ExplainHub.Shared;

namespace ExplainHub.Server.Tests;

public sealed class SweepViewStateTests : IDisposable
{
    private readonly FakeEngine _engine = new();
    private readonly TestViewHost _host = new();

    [Fact]
    public async Task Start_QueuesTheChosenKindSettingAndValues()
    {
        await using var state = new SweepViewState(_engine, _host);
        state.SelectParameter(SweepParameter.MaxDepth);
        state.Kind = ModelKinds.RandomForest;
        state.ValuesText = " 3, 6 ,12,";
        state.TrainSubset = 1000;

        await state.StartAsync();

        var request = Assert.Single(_engine.StartedSweeps);
        Assert.Equal(SweepParameter.MaxDepth, request.Parameter);
        Assert.Equal(["3", "6", "12"], request.Values);
        Assert.Equal(new TrainRequest("fashion-mnist", ModelKinds.RandomForest, TrainSubset: 1000, TestSubset: 2000), request.Base);
        Assert.Equal(TrainingStatus.Running, state.Status);
        Assert.True(state.CanStop);
    }

    [Fact]
    public async Task Start_OfAnAdaBoostSweep_SendsTheChosenWeakLearnerAndVariant()
    {
        await using var state = new SweepViewState(_engine, _host) { Kind = ModelKinds.AdaBoost };
        Assert.True(state.ChoosesBoosting);
        state.WeakLearner = WeakLearners.Cart;
        state.BoostingAlgorithm = BoostingAlgorithms.SammeR;

        await state.StartAsync();

        var request = Assert.Single(_engine.StartedSweeps);
        Assert.Equal(new ClassicalOptions(WeakLearner: WeakLearners.Cart, BoostingAlgorithm: BoostingAlgorithms.SammeR), request.Base.Classical);
    }

    [Fact]
    public async Task Start_OfAnotherKind_LeavesTheBoostingChoiceOut()
    {
        await using var state = new SweepViewState(_engine, _host) { Kind = ModelKinds.RandomForest, WeakLearner = WeakLearners.Cart };
        Assert.False(state.ChoosesBoosting);

        await state.StartAsync();

        Assert.Null(Assert.Single(_engine.StartedSweeps).Base.Classical);
    }

    [Fact]
    public void ChoosingASetting_KeepsOnlyKindsThatHaveIt()
    {
        var state = new SweepViewState(_engine, _host) { Kind = ModelKinds.AdaBoost };

        state.SelectParameter(SweepParameter.Kernel);

        Assert.DoesNotContain(ModelKinds.AdaBoost, state.Kinds);
        Assert.Contains(state.Kind, state.Kinds);
        Assert.Contains("rbf", state.ValuesText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Points_BecomeCurvesAtTheirValues_AndRowsOfTheTable_AndTheEndSettlesTheStatus()
    {
        await using var state = new SweepViewState(_engine, _host);
        await state.StartAsync();
        var job = _engine.Job(state.Job!.Id);
        await Eventually.True(() => job.WatcherCount > 0, "the page to watch the sweep");

        job.Report(Point(0, "10", 0.70));
        job.Report(Point(1, "50", 0.78));
        await Eventually.True(() => state.Points.Count == 2, "both points");
        job.Finish(JobState.Completed);
        await state.WatchCompletion;

        Assert.Equal([10.0, 50.0], state.TestAccuracy.Points.Select(p => p.X));
        Assert.Equal([0.70, 0.78], state.TestAccuracy.Points.Select(p => p.Y));
        Assert.Equal(["10", "50"], state.Points.Select(p => p.Value));
        Assert.Equal(TrainingStatus.Completed, state.Status);
        Assert.True(state.CanStart);
    }

    [Fact]
    public async Task KernelPoints_ArePlottedAtTheirPosition()
    {
        await using var state = new SweepViewState(_engine, _host);
        state.SelectParameter(SweepParameter.Kernel);
        await state.StartAsync();
        var job = _engine.Job(state.Job!.Id);
        await Eventually.True(() => job.WatcherCount > 0, "the page to watch the sweep");

        job.Report(Point(0, "linear", 0.8, supportVectors: 1200));
        job.Report(Point(1, "rbf", 0.85, supportVectors: 900));
        job.Finish(JobState.Completed);
        await state.WatchCompletion;

        Assert.Equal([0.0, 1.0], state.TestAccuracy.Points.Select(p => p.X));
        // Seed 000 Figure 6: accuracy and the number of support vectors per kernel.
        Assert.True(state.HasSupportVectors);
        Assert.Equal([1200.0, 900.0], state.SupportVectors.Points.Select(p => p.Y));
    }

    [Fact]
    public async Task NoValues_AreRefusedHere_AndAnEngineRefusalIsShown()
    {
        await using var state = new SweepViewState(_engine, _host) { ValuesText = " , " };
        await state.StartAsync();
        Assert.Empty(_engine.StartedSweeps);
        Assert.Contains("at least one value", state.Error, StringComparison.Ordinal);

        _engine.FailStart = () => new EngineException(EngineErrorKind.InvalidRequest, "Components must be 1..4096, not 0.");
        state.ValuesText = "0";
        await state.StartAsync();
        Assert.Equal(TrainingStatus.Failed, state.Status);
        Assert.Contains("Components must be", _host.Errors[^1], StringComparison.Ordinal);
        Assert.True(state.CanStart);
    }

    [Fact]
    public async Task Stop_CancelsTheSweepOnTheEngine()
    {
        await using var state = new SweepViewState(_engine, _host);
        await state.StartAsync();
        var job = _engine.Job(state.Job!.Id);
        await Eventually.True(() => job.WatcherCount > 0, "the page to watch the sweep");

        await state.StopAsync();
        await state.WatchCompletion;

        Assert.Equal(JobState.Cancelled, job.Info.State);
        Assert.Equal(TrainingStatus.Cancelled, state.Status);
    }

    public void Dispose() => _host.Dispose();

    private static TrainingProgress Point(int index, string value, double accuracy, int? supportVectors = null) =>
        new("job", TrainingPhase.Epoch, index + 1, 3, 1, 1, 0, accuracy + 0.1, accuracy, 0, 0, JobState.Running,
            new SweepPoint(index, value, accuracy, accuracy + 0.1, 1.0, supportVectors));
}
