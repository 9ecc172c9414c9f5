using ExplainHub.Server.Compare;
using ExplainHub.Server.Tests.Fakes;
using ExplainHub.Shared;

namespace ExplainHub.Server.Tests.Compare;

public sealed class CompareViewStateTests : IDisposable
{
    private readonly FakeEngine _engine = new();
    private readonly ExplanationCache _cache;
    private readonly TestViewHost _host = new();

    public CompareViewStateTests()
    {
        _cache = new ExplanationCache(_engine);
        _engine.AddNetworkAndSvm("CAM needs a GAP head; svm has none");
    }

    [Fact]
    public async Task TheGrid_HasATilePerModelAndFunction_AndSaysWhyAFunctionDoesNotApply()
    {
        var state = await OpenAsync();

        Assert.Equal(["net", "svm"], state.SelectedModels);
        Assert.Equal([ExplanationMethods.Cam, ExplanationMethods.Occlusion], state.SelectedMethods);
        Assert.Equal(
            ["net/cam Ready", "net/occlusion Ready", "svm/cam NotApplicable", "svm/occlusion Ready"],
            state.Tiles.Select(t => $"{t.ModelId}/{t.Method} {t.Status}"));
        Assert.Equal("CAM needs a GAP head; svm has none", state.Tiles[2].Message);
        Assert.Equal(3, _engine.ExplainRequests.Count);
        Assert.All(state.Tiles.Where(t => t.Status == TileStatus.Ready), t => Assert.StartsWith("data:image/png;base64,", t.ImageUrl, StringComparison.Ordinal));
        Assert.Equal((3, 3), (state.ReadyCount, state.ComputableCount));
        Assert.NotNull(state.LastRunTime);
        Assert.False(state.IsComputing);
    }

    [Fact]
    public async Task TheAgreementMatrix_ComparesEveryReadyMap_AndKnowsOppositeMapsDisagree()
    {
        var state = await OpenAsync();

        var agreement = Assert.IsType<AgreementTable>(state.Agreement);
        Assert.Equal(3, agreement.Size);
        Assert.Equal(1, agreement.SpearmanAt(0, 0), 9);
        Assert.Equal(-1, agreement.SpearmanAt(0, 1), 6); // CAM rises left to right, occlusion falls
        Assert.Equal(0, agreement.IouAt(0, 1), 9); // so their top-25% masks are opposite edges
        Assert.Equal(1, agreement.SpearmanAt(1, 2), 6); // two occlusion maps alike
        Assert.Equal(agreement.SpearmanAt(2, 0), agreement.SpearmanAt(0, 2));
    }

    [Fact]
    public async Task RestylingOrReturningToAnImage_AsksTheEngineNothing_AndTheCacheServesEveryBrowser()
    {
        var state = await OpenAsync();
        var before = state.Tiles[0].ImageUrl;

        state.SetStyle(ColorMaps.Inferno, 0.8);
        Assert.NotEqual(before, state.Tiles[0].ImageUrl);
        Assert.Equal(new HeatmapStyle(ColorMaps.Inferno, 0.8), state.Style);
        await state.SelectImageAsync(DatasetSplit.Test, 5);
        Assert.Equal(6, _engine.ExplainRequests.Count);
        await state.SelectImageAsync(DatasetSplit.Test, 0);
        var other = await OpenAsync();

        Assert.Equal(6, _engine.ExplainRequests.Count);
        Assert.Equal(state.Tiles.Select(t => t.Map?.Heatmap), other.Tiles.Select(t => t.Map?.Heatmap));
    }

    [Fact]
    public async Task TheClassExplained_GoesToEveryRequest_AndIsPartOfTheCacheKey()
    {
        var state = await OpenAsync();

        await state.SelectTargetAsync(3);

        Assert.Equal(6, _engine.ExplainRequests.Count);
        Assert.All(_engine.ExplainRequests.Skip(3), r => Assert.Equal(3, r.TargetClass));
        Assert.All(state.Tiles.Where(t => t.Map is not null), t => Assert.Equal(3, t.Map!.TargetClass));
        await state.SelectTargetAsync(99); // no such class: back to each model's prediction, from the cache
        Assert.Null(state.TargetClass);
        Assert.Equal(6, _engine.ExplainRequests.Count);
    }

    [Fact]
    public async Task AnUpload_IsExplainedAsTheModelsSawIt_WithTheirNotice_AndNoTrueClass()
    {
        var state = await OpenAsync();

        await state.UploadAsync("shoe.png", [200, 1, 2, 3]);

        Assert.All(_engine.ExplainRequests.Skip(3), r => Assert.Equal("shoe.png", Assert.Single(r.Uploads!).Name));
        Assert.Equal("upload 'shoe.png'", state.Image!.Description);
        Assert.Equal(200, state.Picture!.Pixels[0]);
        Assert.Equal(["'shoe.png': resized to 28×28"], state.Notices);
        Assert.All(state.Tiles.Where(t => t.Status == TileStatus.Ready), t => Assert.Null(t.IsCorrect));
        // The same bytes under another name are the same image to the cache.
        await state.UploadAsync("copy.png", [200, 1, 2, 3]);
        Assert.Equal(6, _engine.ExplainRequests.Count);
    }

    [Fact]
    public async Task BadInput_IsRefusedWithAMessage_AndNothingIsAskedOfTheEngine()
    {
        var state = await OpenAsync();

        await state.UploadAsync("huge.png", new byte[UploadLimits.MaxBytes + 1]);
        Assert.Contains("at most 10 MB", state.Error, StringComparison.Ordinal);
        await state.SelectImageAsync(DatasetSplit.Test, 10_000);
        Assert.Equal("The test split has images 0 to 9999; 10000 is not one of them.", state.Error);
        state.SetStyle("rainbow", 0.5);
        Assert.Contains("unknown colour map 'rainbow'", state.Error, StringComparison.Ordinal);

        Assert.Equal(3, _engine.ExplainRequests.Count);
        Assert.Equal(ColorMaps.Viridis, state.Style.ColorMap);
    }

    [Fact]
    public async Task AFunctionTheEngineRefuses_FailsItsOwnTiles_WhileAnUnreachableEngineIsThePagesError()
    {
        var state = await OpenAsync();

        _engine.FailExplain = () => new EngineException(EngineErrorKind.InvalidRequest, "the image cannot be decoded");
        await state.SelectImageAsync(DatasetSplit.Test, 7);
        Assert.All(state.Tiles.Where(t => t.Status != TileStatus.NotApplicable), t =>
        {
            Assert.Equal(TileStatus.Failed, t.Status);
            Assert.Equal("the image cannot be decoded", t.Message);
        });
        Assert.Null(state.Error);

        _engine.FailExplain = () => new EngineException(EngineErrorKind.Unavailable, "The engine at http://gpu:5090 does not answer.");
        await state.SelectImageAsync(DatasetSplit.Test, 8);
        Assert.Equal("The engine at http://gpu:5090 does not answer.", state.Error);
        Assert.False(state.IsComputing);
    }

    [Fact]
    public async Task ChoosingModelsAndFunctions_ReshapesTheGrid()
    {
        var state = await OpenAsync();

        await state.SelectModelsAsync(["svm"]);
        Assert.Equal([ExplanationMethods.Occlusion], state.Methods.Select(m => m.Name));
        Assert.Equal(["svm/occlusion"], state.Tiles.Select(t => $"{t.ModelId}/{t.Method}"));
        Assert.Null(state.Agreement); // one map agrees with nothing

        await state.SelectModelsAsync(["net", "svm", "no-such-model"]);
        await state.SelectMethodsAsync([ExplanationMethods.Occlusion]);
        Assert.Equal(["net/occlusion", "svm/occlusion"], state.Tiles.Select(t => $"{t.ModelId}/{t.Method}"));
    }

    [Fact]
    public async Task AColumnsParameters_RunEveryModelsMapOfThatFunction_AndDefaultsComeBackFromTheCache()
    {
        var state = await OpenAsync();
        state.Enlarge(state.Tiles[1]); // net/occlusion

        await state.SetParametersAsync(ExplanationMethods.Occlusion, [new("patch", " 4 "), new("stride", "")]);

        var rerun = _engine.ExplainRequests.Skip(3).ToArray();
        Assert.Equal(2, rerun.Length); // the two occlusion tiles; CAM's map came from the cache
        Assert.All(rerun, r => Assert.Equal([new MethodParameter("patch", "4")], r.Parameters));
        Assert.Equal("Occlusion (patch=4)", state.ColumnTitle(ExplanationMethods.Occlusion));
        Assert.Equal(("net", ExplanationMethods.Occlusion), (state.Enlarged?.ModelId, state.Enlarged?.Method)); // still open

        await state.SetParametersAsync(ExplanationMethods.Occlusion, []);
        Assert.Equal(5, _engine.ExplainRequests.Count);
        Assert.Null(state.ParametersOf(ExplanationMethods.Occlusion));
    }

    [Fact]
    public async Task TheGrid_DownloadsAsOnePng_DrawnAgainInANewStyle()
    {
        var state = await OpenAsync();

        var png = state.GridPngUrl;
        Assert.StartsWith("data:image/png;base64,", png, StringComparison.Ordinal);
        Assert.Same(png, state.GridPngUrl); // made once
        state.SetStyle(ColorMaps.Jet, 0.7);
        Assert.NotEqual(png, state.GridPngUrl);
    }

    [Fact]
    public async Task TheSplitsAgreement_ComparesTheGridsApplicablePairs_OnImagesSpreadOverTheSplit()
    {
        var state = await OpenAsync();
        state.SplitAgreementImages = 20;

        await state.ComputeSplitAgreementAsync();

        var request = Assert.Single(_engine.AgreementRequests);
        Assert.Equal(["net/cam", "net/occlusion", "svm/occlusion"], request.Explainers.Select(e => e.Label));
        Assert.Equal(Enumerable.Range(0, 20).Select(k => k * 500), request.Indices);
        var table = Assert.IsType<AgreementTable>(state.SplitAgreement);
        Assert.Equal(20, table.Images);
        Assert.Equal(-1, table.SpearmanAt(0, 1));
        Assert.Equal(1, table.SpearmanAt(1, 2));

        state.SplitAgreementImages = 0;
        await state.ComputeSplitAgreementAsync();
        Assert.Equal("Average over 1 to 1,024 images, not 0.", state.Error);
        // More than one explanation request takes is refused here, not by the engine after a wait.
        state.SplitAgreementImages = ExplainRequest.MaxImages + 1;
        await state.ComputeSplitAgreementAsync();
        Assert.Equal("Average over 1 to 1,024 images, not 1025.", state.Error);
        Assert.Single(_engine.AgreementRequests);
    }

    [Fact]
    public async Task AModelDeletedElsewhere_LeavesTheGridWhenChosen_AndAnUnreachableEngineIsSaid_NotThrown()
    {
        foreach (var (id, day) in new[] { ("m3", -1), ("m4", -2), ("m5", -3), ("m6", -4) })
        {
            _engine.AddModel(id, DateTimeOffset.UnixEpoch.AddDays(day));
        }

        var state = await OpenAsync();
        Assert.Equal(["net", "svm", "m3", "m4"], state.SelectedModels);
        _engine.RemoveModel("m5");

        await state.SelectModelsAsync(["net", "m5"]);

        Assert.Equal(["net"], state.SelectedModels);
        Assert.DoesNotContain(state.Models, m => m.Id == "m5");
        Assert.Equal("model m5 no longer exists (deleted elsewhere) and left the grid.", state.Error);
        Assert.Equal(["net/cam Ready", "net/occlusion Ready"], state.Tiles.Select(t => $"{t.ModelId}/{t.Method} {t.Status}"));

        var methods = _engine.MethodsOf;
        _engine.MethodsOf = id => id == "m6" ? throw new EngineException(EngineErrorKind.Unavailable, "The engine cannot be reached.") : methods(id);
        await state.SelectModelsAsync(["net", "svm"]);
        Assert.Null(state.Error);
        await state.SelectModelsAsync(["net", "svm", "m6"]);
        Assert.Equal("The engine cannot be reached.", state.Error);
        Assert.Equal(["net", "svm"], state.SelectedModels);
    }

    private async Task<CompareViewState> OpenAsync()
    {
        var state = new CompareViewState(_engine, _cache, _host);
        await state.InitializeAsync();
        return state;
    }

    public void Dispose()
    {
        _cache.Dispose();
        _host.Dispose();
    }
}
