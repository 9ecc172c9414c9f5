using ExplainHub.Engine.Explain;
using ExplainHub.Engine.Imaging;
using ExplainHub.Engine.Models;
using ExplainHub.Engine.Networks;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests.Explain;

/// <summary>A seed CNN trained once on the bright-patch set (class 1 = an 8×8 bright square somewhere), explained every way.</summary>
public sealed class TrainedPatchNetwork : IAsyncLifetime
{
    public const int Side = 28;
    public const int Patch = 8;

    public EngineFixture Fixture { get; } = new();

    public string ModelId { get; private set; } = string.Empty;

    public string DatasetId { get; private set; } = string.Empty;

    public (int Row, int Col)[] Corners { get; private set; } = [];

    public int[] WithPatch { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var (dataset, corners) = SyntheticData.BrightPatch(2000, 200, Side, Patch);
        Fixture.Engine.RegisterDataset(dataset);
        var job = await Fixture.Engine.TrainAsync(new TrainRequest(dataset.Info.Id, Epochs: 6, Seed: 3));
        Assert.Equal(JobState.Completed, job.State);
        (ModelId, DatasetId, Corners) = (job.ModelId!, dataset.Info.Id, corners);
        WithPatch = Enumerable.Range(0, corners.Length).Where(i => corners[i].Row >= 0).ToArray();
    }

    public Task DisposeAsync()
    {
        Fixture.Dispose();
        return Task.CompletedTask;
    }

    public Task<ExplanationBatch> ExplainAsync(string method, int[] indices, int? target = 1, params MethodParameter[] parameters) =>
        Fixture.Engine.ExplainAsync(new ExplainRequest(ModelId, DatasetId, DatasetSplit.Test, indices, method, target, parameters));
}

[Collection(NativeCollection.Name)]
public sealed class NetworkImportanceTests(TrainedPatchNetwork network) : IClassFixture<TrainedPatchNetwork>
{
    [Theory]
    [InlineData(ExplanationMethods.GradCam)]
    [InlineData(ExplanationMethods.Occlusion)]
    public async Task AnUploadedPngOfATestImage_IsExplainedExactlyAsTheTestImageItself(string method)
    {
        var indices = network.WithPatch.Take(3).ToArray();
        var uploads = await UploadsOf(indices);

        var byIndex = await network.ExplainAsync(method, indices, target: null);
        var byUpload = await network.Fixture.Engine.ExplainAsync(
            new ExplainRequest(network.ModelId, "ignored", DatasetSplit.Train, [], method, null, null, uploads));

        Assert.Equal([0, 1, 2], byUpload.Explanations.Select(e => e.Index));
        Assert.All(byUpload.Explanations, e => Assert.Equal(-1, e.Label));
        Assert.Empty(byUpload.Notices!);
        var images = await network.Fixture.Engine.GetImagesAsync(new ImagesRequest(network.DatasetId, DatasetSplit.Test, indices));
        Assert.Equal(images.Pixels, byUpload.Images!.Pixels);
        for (var i = 0; i < indices.Length; i++)
        {
            Assert.Equal(byIndex.Explanations[i].RawMap, byUpload.Explanations[i].RawMap);
            Assert.Equal(byIndex.Explanations[i].PredictedClass, byUpload.Explanations[i].PredictedClass);
        }
    }

    [Fact]
    public async Task ALargerColourUpload_IsConvertedToTheModelsInput_WithANotice_AndStillExplained()
    {
        var rgb = new byte[56 * 56 * 3];
        for (var y = 20; y < 36; y++)
        {
            for (var x = 8; x < 24; x++)
            {
                rgb.AsSpan(((y * 56) + x) * 3, 3).Fill(250);
            }
        }

        var batch = await network.Fixture.Engine.ExplainAsync(new ExplainRequest(network.ModelId, network.DatasetId, DatasetSplit.Test, [],
            ExplanationMethods.Cam, 1, null, [new UploadedImage("patch.png", ImageCodec.Encode(rgb, 56, 56, 3))]));

        Assert.Equal(["'patch.png': 56×56 RGB, made grey, resized to 28×28"], batch.Notices);
        var map = Assert.Single(batch.Explanations);
        var peak = Heatmap.ArgMax(map.Heatmap);
        Assert.InRange(peak / 28, 10 - 2, 17 + 2); // the bright square now covers rows 10..17 and columns 4..11
        Assert.InRange(peak % 28, 4 - 2, 11 + 2);
    }

    [Fact]
    public async Task Compare_OfUploads_AgreesWithCompare_OfTheSameTestImages()
    {
        var indices = network.WithPatch.Take(4).ToArray();
        Explainer[] explainers = [new(network.ModelId, ExplanationMethods.Cam), new(network.ModelId, ExplanationMethods.Gradient)];

        var bySplit = await network.Fixture.Engine.CompareAsync(new AgreementRequest(network.DatasetId, DatasetSplit.Test, indices, explainers));
        var byUpload = await network.Fixture.Engine.CompareAsync(
            new AgreementRequest(network.DatasetId, DatasetSplit.Test, [], explainers, Uploads: await UploadsOf(indices)));

        Assert.Equal(4, byUpload.Images);
        Assert.Equal(bySplit.Spearman[0][1], byUpload.Spearman[0][1], 6);
        Assert.Equal(bySplit.Iou[0][1], byUpload.Iou[0][1], 6);
    }

    [Fact]
    public async Task ACallerWhoCancels_IsNotKeptWaiting_AndTheEngineServesTheNextCall()
    {
        var engine = network.Fixture.Engine;
        var indices = Enumerable.Range(0, 30).ToArray();
        MethodParameter[] fine = [new("patch", "4"), new("stride", "2")];
        var many = Enumerable.Range(0, 16).Select(_ => new Explainer(network.ModelId, ExplanationMethods.Occlusion, fine)).ToArray();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.ExplainAsync(
            new ExplainRequest(network.ModelId, network.DatasetId, DatasetSplit.Test, indices, ExplanationMethods.Gradient), cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.RepresentAsync(
            new RepresentationRequest(network.ModelId, DatasetSplit.Test, 0), cancelled.Token));
        // 16 occlusions of 30 images each (169 copies an image) take seconds; the caller leaves after 100 ms, and
        // the work stops after the explainer it is in.
        using var leaving = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.CompareAsync(
            new AgreementRequest(network.DatasetId, DatasetSplit.Test, indices, many), leaving.Token));

        var next = await network.ExplainAsync(ExplanationMethods.Cam, network.WithPatch.Take(2).ToArray());
        Assert.Equal(2, next.Explanations.Count);
    }

    [Fact]
    public async Task ANetworksRepresentation_IsItsFirstTwoLayersFeatureMaps_ForTheChosenImage()
    {
        var representation = await network.Fixture.Engine.RepresentAsync(new RepresentationRequest(network.ModelId, DatasetSplit.Test, network.WithPatch[0]));
        var other = await network.Fixture.Engine.RepresentAsync(new RepresentationRequest(network.ModelId, DatasetSplit.Test, network.WithPatch[1]));

        Assert.Equal(RepresentationKinds.FeatureMaps, representation.Kind);
        Assert.Equal(32 + 64, representation.Images.Count);
        Assert.Equal(["conv1", "conv2"], representation.Images.Select(i => i.Layer).Distinct());
        Assert.All(representation.Images, i => Assert.Equal(i.Height!.Value * i.Width!.Value, i.Values.Length));
        Assert.NotEqual(representation.Images[0].Values, other.Images[0].Values);
        var error = await Assert.ThrowsAsync<EngineException>(() =>
            network.Fixture.Engine.RepresentAsync(new RepresentationRequest(network.ModelId, DatasetSplit.Test, 100_000)));
        Assert.Contains("outside the test split", error.Message, StringComparison.Ordinal);
    }

    private async Task<UploadedImage[]> UploadsOf(int[] indices)
    {
        var images = await network.Fixture.Engine.GetImagesAsync(new ImagesRequest(network.DatasetId, DatasetSplit.Test, indices));
        var plane = images.Height * images.Width;
        return indices.Select((index, i) => new UploadedImage($"test-{index}.png",
            ImageCodec.Encode(images.Pixels.AsSpan(i * plane, plane), images.Height, images.Width, 1))).ToArray();
    }

    [Theory]
    [InlineData(ExplanationMethods.Cam)]
    [InlineData(ExplanationMethods.GradCam)]
    [InlineData(ExplanationMethods.Gradient)]
    [InlineData(ExplanationMethods.Occlusion)]
    [InlineData(ExplanationMethods.Excitation)]
    [InlineData(ExplanationMethods.ContrastiveExcitation)]
    public async Task EveryNetworkFunction_PutsItsPeakInTheBrightPatch_ForAtLeast80PercentOfImages(string method)
    {
        // Gray (0.5) is not neutral on this set's dark background — a gray square looks like the bright patch — so
        // occlusion covers with the image's mean; dilation is checked on its own below (its plateau ties the argmax).
        var parameters = method == ExplanationMethods.Occlusion ? new[] { new MethodParameter("fill", "mean") } : [];
        var batch = await network.ExplainAsync(method, network.WithPatch, 1, parameters);

        var inside = 0;
        foreach (var e in batch.Explanations)
        {
            Assert.Equal((TrainedPatchNetwork.Side, TrainedPatchNetwork.Side), (e.Height, e.Width));
            Assert.All(e.Heatmap, h => Assert.InRange(h, 0f, 1f));
            var peak = Heatmap.ArgMax(e.Heatmap);
            var (row, col) = (peak / e.Width, peak % e.Width);
            var (r0, c0) = network.Corners[e.Index];
            inside += row >= r0 && row < r0 + TrainedPatchNetwork.Patch && col >= c0 && col < c0 + TrainedPatchNetwork.Patch ? 1 : 0;
        }

        Assert.True(inside >= 0.8 * batch.Explanations.Count, $"{method}: peak inside the patch for {inside}/{batch.Explanations.Count} images");
    }

    [Fact]
    public async Task DilatedGradient_IsTheMaxFilterOfTheMagnitude_AndKeepsThePeak()
    {
        var indices = network.WithPatch.Take(10).ToArray();
        var plain = await network.ExplainAsync(ExplanationMethods.Gradient, indices);
        var dilated = await network.ExplainAsync(ExplanationMethods.Gradient, indices, 1, new MethodParameter("dilations", "2"));
        for (var i = 0; i < indices.Length; i++)
        {
            Assert.Equal(plain.Explanations[i].RawMap, dilated.Explanations[i].RawMap);
            var expected = Heatmap.Normalize(MapOperations.Dilate(plain.Explanations[i].RawMap.Select(Math.Abs).ToArray(), 28, 28, 2));
            Assert.Equal(expected, dilated.Explanations[i].Heatmap);
            Assert.Equal(1f, dilated.Explanations[i].Heatmap[Heatmap.ArgMax(plain.Explanations[i].Heatmap)]);
        }
    }

    [Fact]
    public async Task GradCamAtTheLastBlock_IsCamUpToScale()
    {
        var indices = network.WithPatch.Take(20).Concat([0, 2, 4]).ToArray();
        var cam = await network.ExplainAsync(ExplanationMethods.Cam, indices, target: null);
        var gradCam = await network.ExplainAsync(ExplanationMethods.GradCam, indices, target: null, new MethodParameter("layer", "pool2"));

        Assert.Equal("pool2", Assert.Single(gradCam.Parameters!).Value);
        for (var i = 0; i < indices.Length; i++)
        {
            var correlation = Correlation.Pearson(cam.Explanations[i].RawMap, gradCam.Explanations[i].RawMap);
            Assert.True(correlation > 0.99, $"image {indices[i]}: correlation {correlation:F5}");
            // α_k = w_k / (h·w): Grad-CAM is CAM divided by the 5×5 grid's 25 cells.
            Assert.Equal(cam.Explanations[i].RawMap.Max() / 25, gradCam.Explanations[i].RawMap.Max(), 3);
        }
    }

    [Fact]
    public async Task GradCam_AtAnEarlierLayer_WorksAndAnUnknownLayerListsTheLayers()
    {
        var early = await network.ExplainAsync(ExplanationMethods.GradCam, [network.WithPatch[0]], 1, new MethodParameter("layer", "conv2"));
        Assert.All(early.Explanations[0].Heatmap, h => Assert.InRange(h, 0f, 1f));
        Assert.Equal(1f, early.Explanations[0].Heatmap.Max());

        var error = await Assert.ThrowsAsync<EngineException>(() =>
            network.ExplainAsync(ExplanationMethods.GradCam, [0], 1, new MethodParameter("layer", "fc7")));
        Assert.Equal(EngineErrorKind.InvalidRequest, error.Kind);
        Assert.Contains("conv1, pool1, conv2, pool2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MethodsOfANetwork_OfferItsLayers_AndRefuseTheLinearOnes()
    {
        var methods = await network.Fixture.Engine.GetMethodsAsync(network.ModelId);
        var gradCam = methods.Single(m => m.Method.Name == ExplanationMethods.GradCam);
        Assert.True(gradCam.Applies);
        Assert.Equal(["last", "conv1", "pool1", "conv2", "pool2"], gradCam.Method.Parameters.Single().Choices);
        var hadamard = methods.Single(m => m.Method.Name == ExplanationMethods.Hadamard);
        Assert.False(hadamard.Applies);
        Assert.Contains("linear in the pixels", hadamard.Reason, StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<EngineException>(() => network.ExplainAsync(ExplanationMethods.Hadamard, [0]));
        Assert.Contains("linear in the pixels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadParameters_AreRefusedSayingWhatIsAllowed()
    {
        async Task<string> Refused(string method, string name, string value) =>
            (await Assert.ThrowsAsync<EngineException>(() => network.ExplainAsync(method, [0], 1, new MethodParameter(name, value)))).Message;

        Assert.Contains("dilations, of", await Refused(ExplanationMethods.Gradient, "sigma", "2"), StringComparison.Ordinal);
        Assert.Contains("0..50", await Refused(ExplanationMethods.Gradient, "dilations", "-1"), StringComparison.Ordinal);
        Assert.Contains("probability, score", await Refused(ExplanationMethods.Gradient, "of", "logit"), StringComparison.Ordinal);
        Assert.Contains("must not exceed", await Refused(ExplanationMethods.Occlusion, "stride", "12"), StringComparison.Ordinal);
        Assert.Contains("share of the image side", await Refused(ExplanationMethods.Occlusion, "patch", "-3"), StringComparison.Ordinal);
        Assert.Contains("(50 px) is larger than the 28×28 images", await Refused(ExplanationMethods.Occlusion, "patch", "50"), StringComparison.Ordinal);
        var twice = await Assert.ThrowsAsync<EngineException>(() =>
            network.ExplainAsync(ExplanationMethods.Occlusion, [0], 1, new MethodParameter("patch", "8"), new MethodParameter("patch", "10")));
        Assert.Equal("occlusion's patch is given twice; give it once.", twice.Message);
        Assert.Contains("takes no parameters", await Refused(ExplanationMethods.Cam, "layer", "x"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Occlusion_ExplainsThePredictedClass_AndReportsItsParameters()
    {
        var batch = await network.ExplainAsync(ExplanationMethods.Occlusion, [0, 1], target: null, new MethodParameter("patch", "25%"));
        Assert.Equal(["25%", "4", "gray"], batch.Parameters!.Select(p => p.Value));
        Assert.All(batch.Explanations, e => Assert.Equal(e.PredictedClass, e.TargetClass));
    }

    [Fact]
    public async Task Compare_GivesOnesForAnExplainerWithItself_AndRefusesWhatDoesNotApply()
    {
        var engine = network.Fixture.Engine;
        var indices = network.WithPatch.Take(6).ToArray();
        var result = await engine.CompareAsync(new AgreementRequest(network.DatasetId, DatasetSplit.Test, indices,
            [new(network.ModelId, ExplanationMethods.Cam), new(network.ModelId, ExplanationMethods.Gradient), new(network.ModelId, ExplanationMethods.Cam)], 0.1));

        Assert.Equal(6, result.Images);
        Assert.Equal($"{network.ModelId}/cam", result.Labels[0]);
        Assert.Equal(1.0, result.Spearman[0][2], 9);
        Assert.Equal(1.0, result.Iou[0][2], 9);
        Assert.Equal(result.Spearman[0][1], result.Spearman[1][0], 12);
        Assert.InRange(result.Spearman[0][1], -1, 0.999);

        var bad = await Assert.ThrowsAsync<EngineException>(() => engine.CompareAsync(new AgreementRequest(network.DatasetId, DatasetSplit.Test, indices,
            [new(network.ModelId, ExplanationMethods.TreeContributions)])));
        Assert.Contains("tree ensemble", bad.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<EngineException>(() => engine.CompareAsync(new AgreementRequest(network.DatasetId, DatasetSplit.Test, indices,
            [new(network.ModelId, ExplanationMethods.Cam)], Rho: 1.5)));
    }
}

[Collection(NativeCollection.Name)]
public sealed class InputGradientTests
{
    [Fact]
    public void LogitGradient_OfABiasFreeReluNetwork_ReconstructsTheLogit()
    {
        // ReLU, max-pooling, GAP and linear layers without biases are positively homogeneous of degree 1, so by Euler's
        // theorem Σ_i x_i ∂y_c/∂x_i = y_c(x). Softmax gives only differences of logits: y_1 − y_0 = log(p_1/p_0).
        using var network = TorchNetwork.Create(ModelKinds.SeedCnn, 1, 20, 20, 2);
        var state = network.State().ToDictionary(t => t.Name,
            t => t.Name.EndsWith(".bias", StringComparison.Ordinal) ? t with { Values = new float[t.Values.Length] } : t);
        network.SetState(state);
        var random = new Random(4);
        var images = Enumerable.Range(0, 3 * 400).Select(_ => (float)random.NextDouble()).ToArray();

        var toOne = network.InputGradients(images, [1, 1, 1], ofProbability: false);
        var toZero = network.InputGradients(images, [0, 0, 0], ofProbability: false);
        var probabilities = network.Predict(images);
        for (var i = 0; i < 3; i++)
        {
            double reconstructed = 0;
            for (var p = 0; p < 400; p++)
            {
                reconstructed += (toOne.Values[(i * 400) + p] - toZero.Values[(i * 400) + p]) * images[(i * 400) + p];
            }

            var expected = Math.Log(probabilities[(i * 2) + 1] / (double)probabilities[i * 2]);
            Assert.Equal(expected, reconstructed, 4);
        }
    }

    [Fact]
    public void AModelSureOfItsClass_StillGetsAGradientMap()
    {
        // Logits 35 apart: p_0 is 1.0 in float32, so ∂p_0/∂I comes only from p_1 ≈ 6e-16 and is ~1e-16 everywhere. Its
        // H must still rank the pixels (it was taken for a constant map: all zeros, so a top-ρ mask of the first rows).
        var info = new ModelInfo("sure", "sure", ModelKinds.SeedCnn, "d", ["a", "b"], null, 0, DateTimeOffset.UtcNow);
        using var model = ConvNetClassifier.Create(info, 1, 16, 16);
        var random = new Random(6);
        var image = Enumerable.Range(0, 256).Select(_ => (float)random.NextDouble()).ToArray();
        var probabilities = model.Network.Predict(image);
        var state = model.Network.State().ToDictionary(t => t.Name);
        var bias = (float[])state["fc.bias"].Values.Clone();
        bias[0] += 35 - (float)Math.Log(probabilities[0] / (double)probabilities[1]);
        state["fc.bias"] = state["fc.bias"] with { Values = bias };
        model.Network.SetState(state);
        Assert.Equal(1f, model.Network.Predict(image)[0]);

        var gradient = new GradientSaliency();
        var maps = gradient.Explain(model, new ImportanceInput(image, 1, [0]), MethodSettings.Defaults(gradient.Info));

        var magnitude = model.Network.InputGradients(image, [0], ofProbability: true).Values.Select(Math.Abs).ToArray();
        Assert.InRange(magnitude.Max(), 1e-30f, 1e-12f);
        Assert.Equal(1f, maps.Heat.Max());
        Assert.Equal(Heatmap.ArgMax(magnitude), Heatmap.ArgMax(maps.Heat));
        Assert.True(maps.Heat.Count(v => v > 0) > 128, "most pixels have some gradient");
    }

    [Fact]
    public void ProbabilityGradient_MatchesAFiniteDifference()
    {
        using var network = TorchNetwork.Create(ModelKinds.SeedCnn, 1, 16, 16, 3);
        var random = new Random(5);
        var image = Enumerable.Range(0, 256).Select(_ => (float)random.NextDouble()).ToArray();
        var gradient = network.InputGradients(image, [2], ofProbability: true);

        // The largest-magnitude pixel, nudged both ways (float32: a step of 1e-2 keeps the difference well above noise).
        var pixel = Enumerable.Range(0, 256).MaxBy(p => Math.Abs(gradient.Values[p]));
        const float step = 1e-2f;
        var up = (float[])image.Clone();
        var down = (float[])image.Clone();
        up[pixel] += step;
        down[pixel] -= step;
        var numeric = (network.Predict(up)[2] - network.Predict(down)[2]) / (2.0 * step);
        Assert.Equal(numeric, gradient.Values[pixel], Math.Abs(numeric) * 0.05 + 1e-6);
    }
}
