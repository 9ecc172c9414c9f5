using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using ExplainHub.Engine.Explain;
using ExplainHub.Engine.Models;
using ExplainHub.Engine.Models.Export;
using ExplainHub.Engine.Networks;
using ExplainHub.Engine.Scores;
using ExplainHub.Engine.Services;
using ExplainHub.Shared;
using static TorchSharp.torch;

namespace ExplainHub.Engine.Tests.Scores;

/// <summary>
/// The engine's batched SCG and CCG against a plain per-image PyTorch computation (Debian's python3-torch) on the same
/// exported seed-CNN weights, images and gradient heat maps: every image's scores agree to 1e-4 for both bases.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class PyTorchConfidenceGainTests
{
    private const int Side = 28;
    private const int Count = 40;
    private const int MaxGrowths = 50;

    [Theory]
    [InlineData(0.25)]
    [InlineData(0.05)]
    public void ScgAndCcg_OfEveryImage_EqualPyTorchs_ForBothBases(double rho)
    {
        using var directory = new TempDirectory();
        using var scope = NewDisposeScope();
        var (dataset, _) = SyntheticData.BrightPatch(1200, Count, Side, 8, seed: 5);
        var info = new ModelInfo("m-scores", "scores", ModelKinds.SeedCnn, dataset.Info.Id, dataset.Info.ClassNames, null, 0, DateTimeOffset.UtcNow);
        using var model = ConvNetClassifier.Create(info, 1, Side, Side);
        model.Network.SetInputNormalization([0.2f], [0.3f]);
        model.Network.UseAdam(3e-3);
        var all = Enumerable.Range(0, dataset.Train.Count).ToArray();
        var train = ImageSelection.Scaled(dataset.Train, all);
        for (var epoch = 0; epoch < 2; epoch++)
        {
            for (var start = 0; start + 64 <= all.Length; start += 64)
            {
                model.Network.TrainStep(train.AsSpan(start * Side * Side, 64 * Side * Side), all[start..(start + 64)].Select(i => (long)dataset.Train.Labels[i]).ToArray());
            }
        }

        var indices = Enumerable.Range(0, Count).ToArray();
        var images = ImageSelection.Scaled(dataset.Test, indices);
        var targets = indices.Select(i => (long)dataset.Test.Labels[i]).ToArray();
        var gradient = new GradientSaliency();
        var heat = gradient.Explain(model, new ImportanceInput(images, Count, targets), MethodSettings.Defaults(gradient.Info)).Heat;

        NetworkExport.Write(model, directory.Path);
        File.WriteAllBytes(Path.Combine(directory.Path, "images.f32"), MemoryMarshal.AsBytes(images.AsSpan()).ToArray());
        File.WriteAllBytes(Path.Combine(directory.Path, "targets.i64"), MemoryMarshal.AsBytes(targets.AsSpan()).ToArray());
        File.WriteAllBytes(Path.Combine(directory.Path, "heat.f32"), MemoryMarshal.AsBytes(heat.AsSpan()).ToArray());
        using var reference = RunReference(directory.Path, rho);

        var probabilities = new ModelProbabilities(model);
        var tensor = TensorData.From(images, Count, 1, Side, Side);
        var masks = ScoreMasks.TopRho(heat, Count, Side, Side, rho);
        var compared = 0;
        foreach (var kind in BaseImageKinds.All)
        {
            var batch = ScoringBatch.Create(probabilities, tensor, indices, targets, BaseImages.Make(kind, tensor, new BlurKernel()));
            var ours = new ConfidenceGain(probabilities, MaxGrowths).Score(batch, masks);
            var theirs = reference.RootElement.GetProperty(kind).EnumerateArray().ToArray();
            for (var i = 0; i < Count; i++)
            {
                var row = theirs[i].EnumerateArray().ToArray();
                var status = row[3].GetString();
                Assert.True(Status(ours[i]) == status, $"{kind} image {i}: ours {Status(ours[i])}, PyTorch's {status}");
                AssertClose(row[0], ours[i].Scg, $"{kind} image {i} SCG");
                AssertClose(row[1], ours[i].Ccg, $"{kind} image {i} CCG");
                Assert.Equal(row[2].ValueKind == JsonValueKind.Null ? null : row[2].GetInt32(), ours[i].Growths);
                compared += ours[i].Ccg is null ? 0 : 1;
            }
        }

        // Not a comparison of exclusions only (a blank image of the no-patch class is its own zero base, so those drop out).
        Assert.True(compared >= Count / 2, $"only {compared} CCGs compared");
    }

    private static string Status(ImageScore score) => score.Exclusion switch
    {
        null => "ok",
        ScoreExclusion.BaseNotLessInformative => "base",
        ScoreExclusion.HybridBelowBase => "hybrid",
        ScoreExclusion.GrowthLimit => "growth",
        _ => "other",
    };

    private static void AssertClose(JsonElement theirs, double? ours, string what)
    {
        if (theirs.ValueKind == JsonValueKind.Null)
        {
            Assert.True(ours is null, $"{what}: ours {ours}, PyTorch's none");
            return;
        }

        // 1e-4, relative above 1: CCG multiplies float32 probability differences by N / (A_AM · (p(I) − p(I_K))), up to ~100 at ρ = 5%.
        var expected = theirs.GetDouble();
        Assert.True(ours is { } value && Math.Abs(value - expected) <= 1e-4 * Math.Max(1, Math.Abs(expected)), $"{what}: ours {ours}, PyTorch's {expected}");
    }

    private static JsonDocument RunReference(string directory, double rho) =>
        JsonDocument.Parse(PythonReference.Run(Path.Combine("Scores", "pytorch_confidence_gain.py"),
            PythonReference.Directory(), directory, directory, Count.ToString(CultureInfo.InvariantCulture), Side.ToString(CultureInfo.InvariantCulture),
            rho.ToString("R", CultureInfo.InvariantCulture), MaxGrowths.ToString(CultureInfo.InvariantCulture)));
}
