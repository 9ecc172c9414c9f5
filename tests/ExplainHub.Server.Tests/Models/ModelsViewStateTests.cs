using ExplainHub.Server.Models;
using ExplainHub.Server.Tests.Fakes;
using ExplainHub.Shared;

namespace ExplainHub.Server.Tests.Models;

public sealed class ModelsViewStateTests
{
    private readonly FakeEngine _engine = new();

    [Fact]
    public async Task ChoosingAModel_ShowsItsReport_AndItsClassWeightsAsSignedImages()
    {
        _engine.AddModel("svm");
        // w_0 = +1 everywhere, w_1 = −1 everywhere: red and blue pictures of the same size.
        _engine.Representation = r => new ModelRepresentation(r.ModelId, "linear-svm", "w_c per class", 1, 28, 28,
            [new("T-shirt/top", 0, Enumerable.Repeat(1f, 784).ToArray(), 0.5), new("Trouser", 1, Enumerable.Repeat(-1f, 784).ToArray(), -0.5)]) with { Kind = RepresentationKinds.ClassWeights };
        var state = new ModelsViewState(_engine);
        await state.InitializeAsync();

        await state.SelectAsync("svm");

        Assert.Equal(0.9, state.Report!.Accuracy);
        Assert.Equal(["T-shirt/top · b = 0.5", "Trouser · b = -0.5"], state.RepresentationTiles.Select(t => $"{t.Label} · {t.Detail}"));
        Assert.NotEqual(state.RepresentationTiles[0].ImageUrl, state.RepresentationTiles[1].ImageUrl);
        Assert.False(state.IsLoading);
    }

    [Fact]
    public async Task ANetworksFeatureMaps_AreOneMosaicPerLayer_AndFollowTheChosenImage()
    {
        _engine.AddModel("cnn");
        _engine.Representation = r => new ModelRepresentation(r.ModelId, "seed-cnn", $"feature maps of image {r.Index}", 1, 28, 28,
        [
            .. Enumerable.Range(0, 4).Select(c => new RepresentationImage($"conv1 {c}", null, new float[26 * 26], Layer: "conv1", Height: 26, Width: 26)),
            .. Enumerable.Range(0, 8).Select(c => new RepresentationImage($"conv2 {c}", null, new float[11 * 11], Layer: "conv2", Height: 11, Width: 11)),
        ]) with { Kind = RepresentationKinds.FeatureMaps };
        var state = new ModelsViewState(_engine);
        await state.InitializeAsync();
        await state.SelectAsync("cnn");

        Assert.Equal(["conv1 · 4 channels, 26×26", "conv2 · 8 channels, 11×11"], state.RepresentationTiles.Select(t => $"{t.Label} · {t.Detail}"));
        await state.ShowImageAsync(42);

        Assert.Equal(42, _engine.RepresentationRequests[^1].Index);
        Assert.Equal("feature maps of image 42", state.Representation!.Description);
    }

    [Fact]
    public async Task DeletingAModel_WaitsForConfirmation_ThenRemovesItFromTheListAndTheDetails()
    {
        _engine.AddModel("old", DateTimeOffset.UnixEpoch);
        _engine.AddModel("new", DateTimeOffset.UnixEpoch.AddDays(1));
        var state = new ModelsViewState(_engine);
        await state.InitializeAsync();
        await state.SelectAsync("old");

        state.RequestDeletion();
        Assert.Equal("old", state.PendingDeletion!.Id);
        Assert.Empty(_engine.DeletedModels);
        state.CancelDeletion();
        Assert.Null(state.PendingDeletion);
        Assert.Empty(_engine.DeletedModels);

        state.RequestDeletion();
        await state.ConfirmDeletionAsync();

        Assert.Equal(["old"], _engine.DeletedModels);
        Assert.Equal(["new"], state.Models.Select(m => m.Id));
        Assert.Null(state.Selected);
        Assert.Null(state.Report);
        Assert.Null(state.PendingDeletion);
        Assert.Equal("Deleted model old (old).", state.Notice);
    }

    [Fact]
    public async Task ADeletionTheEngineRefuses_IsShown_AndTheModelStaysChosen()
    {
        _engine.AddModel("busy");
        _engine.FailDelete = () => new EngineException(EngineErrorKind.InvalidRequest, "Model 'busy' is in use by evaluation job job-9; cancel it or wait for it to end, then delete the model.");
        var state = new ModelsViewState(_engine);
        await state.InitializeAsync();
        await state.SelectAsync("busy");

        state.RequestDeletion();
        await state.ConfirmDeletionAsync();

        Assert.StartsWith("Model 'busy' is in use by evaluation job job-9", state.Error, StringComparison.Ordinal);
        Assert.Equal("busy", state.Selected!.Id);
        Assert.Equal(["busy"], state.Models.Select(m => m.Id));
        Assert.Null(state.PendingDeletion);
        Assert.False(state.IsDeleting);
        Assert.Null(state.Notice);
    }

    [Fact]
    public async Task AModelWithoutARepresentation_StillShowsItsReport_AndSaysWhy()
    {
        _engine.AddModel("svc");
        var state = new ModelsViewState(_engine);
        await state.InitializeAsync();

        await state.SelectAsync("svc");

        Assert.NotNull(state.Report);
        Assert.Equal("The fake engine's models have no representation.", state.RepresentationError);
        Assert.Empty(state.RepresentationTiles);
        await state.SelectAsync("no-such-model");
        Assert.Equal("No model 'no-such-model'.", state.Error);
    }
}
