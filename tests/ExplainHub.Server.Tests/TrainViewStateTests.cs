using ExplainHub.Server.Tests.Fakes;
using ExplainHub.Server.Training;
using ExplainHub.Shared;

namespace ExplainHub.Server.Tests;

public sealed class TrainViewStateTests : IDisposable
{
    private readonly FakeEngine _engine = new();
    private readonly TestViewHost _host = new();

    [Fact]
    public async Task TwoKinds_StartedOneAfterTheOther_EachGetALiveCard()
    {
        await using var state = await OpenAsync();

        state.Form.Epochs = 2;
        await state.StartAsync();
        state.Form.Kind = ModelKinds.LinearSvm;
        state.Form.TrainSubset = 2000;
        await state.StartAsync();

        Assert.Equal([ModelKinds.LinearSvm, ModelKinds.SeedCnn], state.Cards.Select(c => c.Job.Request!.ModelKind));
        Assert.Equal([ModelKinds.SeedCnn, ModelKinds.LinearSvm], _engine.StartedRequests.Select(r => r.ModelKind));
        var network = state.Cards[1];
        var job = _engine.Job(network.Id);
        job.Report(Reports.Batch(1, 5, epochs: 2, jobId: job.Id));
        job.Report(Reports.Epoch(1, 0.7, epochs: 2, jobId: job.Id));
        await Eventually.True(() => network.Curves.TestAccuracy.Points.Count == 1, "the network's curve to grow");
        Assert.True(network.IsNetwork);
        Assert.False(state.Cards[0].IsNetwork);

        job.Finish(JobState.Completed, modelId: "m-1");
        await Eventually.True(() => !network.IsActive, "the card to settle");
        Assert.Equal(1, network.Fraction);
    }

    [Fact]
    public async Task AFormWithProblems_SendsNothing_AndAnEngineRefusalIsShown()
    {
        await using var state = await OpenAsync();

        state.Form.Epochs = 0;
        await state.StartAsync();
        Assert.Empty(_engine.StartedRequests);

        state.Form.Epochs = 1;
        _engine.FailStart = () => new EngineException(EngineErrorKind.InvalidRequest, "resnet18 needs images of at least 8 px");
        await state.StartAsync();
        Assert.Equal("resnet18 needs images of at least 8 px", state.Error);
        Assert.Empty(state.Cards);
    }

    [Fact]
    public async Task JobsStartedElsewhere_GetCardsToo_AndRunningOnesAreFollowed()
    {
        var running = _engine.AddRunningJob(new TrainRequest("fashion-mnist", ModelKinds.ResNet18));
        _engine.AddRunningJob(new TrainRequest("fashion-mnist")).Finish(JobState.Completed);

        await using var state = await OpenAsync();

        Assert.Equal(2, state.Cards.Count);
        running.Report(Reports.Batch(1, 3, jobId: running.Id));
        await Eventually.True(() => state.Cards.Single(c => c.Id == running.Id).Latest is not null, "the running job to be followed");
        await state.CancelAsync(state.Cards.Single(c => c.Id == running.Id));
        await Eventually.True(() => state.Cards.All(c => !c.IsActive), "the cancelled job to settle");
    }

    private async Task<TrainViewState> OpenAsync()
    {
        var state = new TrainViewState(_engine, _host);
        await state.InitializeAsync();
        return state;
    }

    public void Dispose() => _host.Dispose();
}
