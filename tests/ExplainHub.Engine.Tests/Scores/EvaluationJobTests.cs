using ExplainHub.Engine.Tests.Explain;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests.Scores;

/// <summary>Evaluations through the engine, on a seed CNN that learned "class 1 = a bright 8×8 patch".</summary>
[Collection(NativeCollection.Name)]
public sealed class EvaluationJobTests(TrainedPatchNetwork network) : IClassFixture<TrainedPatchNetwork>
{
    private IEngine Engine => network.Fixture.Engine;

    [Fact]
    public async Task AnEvaluation_ScoresEveryExplainerBaseAndRho_WithAgreements_StreamsProgress_AndIsStored()
    {
        Explainer[] explainers =
        [
            new(network.ModelId, ExplanationMethods.Cam),
            new(network.ModelId, ExplanationMethods.Gradient, [new("dilations", "2")]),
            new(network.ModelId, ExplanationMethods.Occlusion, [new("patch", "8"), new("stride", "4")]),
        ];
        var indices = network.WithPatch.Take(12).ToArray();
        var steps = new List<TrainingProgress>();
        var result = await Engine.EvaluateAsync(
            new EvaluationRequest(network.DatasetId, explainers, Indices: indices, Agreements: [[0, 1], [0, 1, 2]], Name: "patch check"),
            new Progress<TrainingProgress>(steps.Add));

        Assert.Equal("patch check", result.Name);
        Assert.Equal(indices, result.Indices);
        // 3 functions + 2 agreements, × 2 bases × 2 ρ.
        Assert.Equal(20, result.Rows.Count);
        Assert.Equal(["blur", "zeros"], result.Rows.Select(r => r.Base).Distinct().Order());
        Assert.Equal([0.05, 0.25], result.Rows.Select(r => r.Rho).Distinct().Order());
        Assert.Contains(result.Rows, r => r.Function == "cam+gradient(dilations=2)" && r.Members.Count == 2);
        Assert.All(result.Rows, r =>
        {
            Assert.Equal(indices.Length, r.PerImage.Count);
            Assert.Equal(indices.Length, r.Summary.ScgCount + r.Summary.Excluded.BaseNotLessInformative + r.Summary.Excluded.HybridBelowBase);
            Assert.Equal(r.Summary.ScgCount, r.Summary.CcgCount + r.Summary.Excluded.GrowthLimit + r.Summary.Excluded.EmptyMask);
        });

        // The patch is the class: CAM's top 25% holds it, so the zero-base hybrid is already class 1 and keeps most of p.
        var cam = result.Rows.Single(r => r.Function == "cam" && r.Base == BaseImageKinds.Zeros && r.Rho == 0.25);
        Assert.True(cam.Summary.MeanScg > 0.8, $"CAM SCG {cam.Summary.MeanScg}");
        Assert.True(cam.PerImage.Count(s => s.Growths == 0) >= indices.Length * 3 / 4, string.Join(",", cam.PerImage.Select(s => s.Growths)));

        // An intersection is never larger than either of its masks.
        foreach (var agreement in result.Rows.Where(r => r.Members.Count > 1))
        {
            var single = result.Rows.Single(r => r.Function == "cam" && r.Base == agreement.Base && r.Rho == agreement.Rho);
            Assert.All(agreement.PerImage.Zip(single.PerImage), pair => Assert.True(pair.First.MaskArea <= pair.Second.MaskArea));
        }

        Assert.Equal(result.Rows.Count + explainers.Length, steps.Count(s => s.Phase == TrainingPhase.Batch));
        Assert.Contains(steps, s => s.Step == $"maps of {explainers[2].Label}");

        // Stored: listed, and read back by another engine on the same data directory.
        Assert.Contains(await Engine.ListEvaluationsAsync(), e => e.Id == result.Id && e.Rows == 20 && e.Images == indices.Length);
        using var restarted = new EmbeddedEngine(new EngineOptions { DataDirectory = network.Fixture.DataDirectory });
        var reloaded = await restarted.GetEvaluationAsync(result.Id);
        Assert.Equal(result.Rows.Select(r => r.Summary), reloaded.Rows.Select(r => r.Summary));
        Assert.Equal(result.Rows[3].PerImage, reloaded.Rows[3].PerImage);
    }

    [Fact]
    public async Task TheDefaults_SpreadTheImagesOverTheSplit_AndScoreTheTrueClass()
    {
        var result = await Engine.EvaluateAsync(new EvaluationRequest(network.DatasetId, [new(network.ModelId, ExplanationMethods.Cam)], Images: 10,
            Bases: [BaseImageKinds.Blur], Rhos: [0.25], CurveSteps: 10));
        Assert.Equal(Enumerable.Range(0, 10).Select(k => k * 20), result.Indices);
        var curve = Assert.Single(result.Curves!);
        Assert.Equal(("cam", BaseImageKinds.Blur, 11, 10), (curve.Function, curve.Base, curve.Deletion.Count, curve.Images));
        Assert.InRange(curve.DeletionAuc, 0, 1);
        Assert.Equal(curve.Deletion[^1], curve.Insertion[0], 6);
        var images = await Engine.GetImagesAsync(new ImagesRequest(network.DatasetId, DatasetSplit.Test, result.Indices));
        Assert.Equal(images.Labels, result.Rows.Single().PerImage.Select(s => s.Target));
    }

    [Fact]
    public async Task AnEvaluation_TakesMoreImagesThanOneExplanationRequest()
    {
        var images = ExplainRequest.MaxImages + 76;
        var result = await Engine.EvaluateAsync(new EvaluationRequest(network.DatasetId, [new(network.ModelId, ExplanationMethods.Cam)],
            Split: DatasetSplit.Train, Images: images, Bases: [BaseImageKinds.Zeros], Rhos: [0.25]));

        Assert.Equal(images, result.Indices.Count);
        var row = Assert.Single(result.Rows);
        Assert.Equal(result.Indices, row.PerImage.Select(s => s.Index));
        Assert.Equal(images, row.Summary.ScgCount + row.Summary.Excluded.BaseNotLessInformative + row.Summary.Excluded.HybridBelowBase);
    }

    [Fact]
    public async Task TheRandomisationCheck_ReinitialisesACopyFromTheHeadDown_AndTheMapsStopFollowingTheTrainedModel()
    {
        var indices = network.WithPatch.Take(8).ToArray();
        var before = await Engine.PredictAsync(new PredictRequest(network.ModelId, network.DatasetId, DatasetSplit.Test, indices));
        var result = await Engine.EvaluateAsync(new EvaluationRequest(network.DatasetId,
            [new(network.ModelId, ExplanationMethods.Cam), new(network.ModelId, ExplanationMethods.Gradient)],
            Indices: indices, Bases: [BaseImageKinds.Zeros], Rhos: [0.25], Randomisation: true));

        Assert.Equal(2, result.Randomisation!.Count);
        Assert.All(result.Randomisation, r =>
        {
            Assert.True(r.Layers.SequenceEqual(["fc", "conv2", "conv1"]), string.Join(",", r.Layers));
            Assert.True(r.MeanSpearman[^1] < 0.8, $"{r.Function}: {string.Join(", ", r.MeanSpearman)}");
        });
        var after = await Engine.PredictAsync(new PredictRequest(network.ModelId, network.DatasetId, DatasetSplit.Test, indices));
        Assert.Equal(before.Predictions.Select(p => p.Probabilities), after.Predictions.Select(p => p.Probabilities));
    }

    [Theory]
    [InlineData("base")]
    [InlineData("rho")]
    [InlineData("growths")]
    [InlineData("images")]
    [InlineData("kernel")]
    [InlineData("agreement-size")]
    [InlineData("agreement-index")]
    [InlineData("method")]
    [InlineData("parameter")]
    [InlineData("class")]
    [InlineData("model")]
    [InlineData("curves")]
    [InlineData("occlusion-patch")]
    [InlineData("occlusion-stride")]
    public async Task ABadRequest_IsRefusedWhenMade_SayingWhy(string what)
    {
        Explainer cam = new(network.ModelId, ExplanationMethods.Cam);
        var good = new EvaluationRequest(network.DatasetId, [cam, new(network.ModelId, ExplanationMethods.Gradient)], Images: 4);
        var request = what switch
        {
            "base" => good with { Bases = ["noise"] },
            "rho" => good with { Rhos = [0.25, 0] },
            "growths" => good with { MaxGrowths = -1 },
            "images" => good with { Images = 0 },
            "kernel" => good with { Blur = new BlurKernel(16) },
            "agreement-size" => good with { Agreements = [[0]] },
            "agreement-index" => good with { Agreements = [[0, 5]] },
            "method" => good with { Explainers = [new(network.ModelId, ExplanationMethods.Hadamard)] },
            "parameter" => good with { Explainers = [new(network.ModelId, ExplanationMethods.Gradient, [new("dilations", "-3")])] },
            "class" => good with { Target = new ScoreTarget(ScoreTargetKind.FixedClass, 9) },
            "curves" => good with { CurveSteps = 1000 },
            "occlusion-patch" => good with { Explainers = [cam, new(network.ModelId, ExplanationMethods.Occlusion, [new("patch", "999")])] },
            "occlusion-stride" => good with { Explainers = [cam, new(network.ModelId, ExplanationMethods.Occlusion, [new("patch", "2"), new("stride", "3")])] },
            _ => good with { Explainers = [new("m-missing", ExplanationMethods.Cam)] },
        };

        var before = (await Engine.ListJobsAsync()).Count;
        var error = await Assert.ThrowsAsync<EngineException>(() => Engine.StartEvaluationAsync(request));
        Assert.Equal(what == "model" ? EngineErrorKind.NotFound : EngineErrorKind.InvalidRequest, error.Kind);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.Equal(before, (await Engine.ListJobsAsync()).Count);
    }

    [Fact]
    public async Task ACancelledEvaluation_EndsCancelled_AndStoresNothing()
    {
        var before = (await Engine.ListEvaluationsAsync()).Count;
        using var cancel = new CancellationTokenSource();
        var request = new EvaluationRequest(network.DatasetId,
            [new(network.ModelId, ExplanationMethods.Occlusion, [new("patch", "2"), new("stride", "1")])], Images: 200);
        var job = await Engine.StartEvaluationAsync(request);
        await Engine.CancelJobAsync(job.Id);
        await foreach (var _ in Engine.WatchJobAsync(job.Id))
        {
        }

        var finished = await Engine.GetJobAsync(job.Id);
        Assert.Equal(JobState.Cancelled, finished.State);
        Assert.Null(finished.EvaluationId);
        Assert.Equal(JobKind.Evaluation, finished.Kind);
        Assert.Equal(before, (await Engine.ListEvaluationsAsync()).Count);
        await Assert.ThrowsAsync<EngineException>(() => Engine.GetEvaluationAsync("eval-../../etc"));
    }
}
