using ExplainHub.Engine.Networks;
using ExplainHub.Engine.Scores;
using ExplainHub.Shared;
using static TorchSharp.torch;

namespace ExplainHub.Engine.Tests.Scores;

[Collection(NativeCollection.Name)]
public sealed class ConfidenceGainTests
{
    private const int Side = 4;
    private const int Pixels = Side * Side;

    [Fact]
    public void FullMask_ScoresOne_EmptyMask_ScoresZero_AndHasNoCcg()
    {
        using var scope = NewDisposeScope();
        var toy = LogisticToy.Uniform(Side, 1.0, -4);
        var (batch, model) = Batch(toy, [Ones()], zerosBase: true);
        var gain = new ConfidenceGain(model, 50);

        var full = gain.Score(batch, Mask(Enumerable.Range(0, Pixels)))[0];
        Assert.Equal(1.0, full.Scg!.Value, 12);
        Assert.Equal(1.0, full.Ccg!.Value, 12);
        Assert.Equal(0, full.Growths);
        Assert.Null(full.Exclusion);

        var empty = gain.Score(batch, Mask([]))[0];
        Assert.Equal(0.0, empty.Scg!.Value, 12);
        Assert.Null(empty.Ccg);
        Assert.Equal(ScoreExclusion.EmptyMask, empty.Exclusion);
    }

    [Fact]
    public void AnEmptyMask_ScoresZero_EvenWhenTheBatchedAnswerForItsHybridIsAHairBelowTheBases()
    {
        using var scope = NewDisposeScope();
        // The hybrid of an empty mask is the base itself; only the pass it went through differs (two images, the zero
        // base's one): it must not read as "hybrid below base" and lose its SCG.
        var toy = new LogisticToy(Side, Enumerable.Repeat(1f, Pixels).ToArray(), -4) { BatchedShift = -1e-6 };
        var (batch, model) = Batch(toy, [Ones(), Ones()], zerosBase: true);

        var scores = new ConfidenceGain(model, 50).Score(batch, cat([Mask([]), Mask([])], 0));

        Assert.All(scores, s =>
        {
            Assert.Equal(ScoreExclusion.EmptyMask, s.Exclusion);
            Assert.Equal(0.0, s.Scg);
            Assert.Null(s.Ccg);
        });
    }

    [Fact]
    public void AMaskOnPixelsTheBaseAlreadyHas_ScoresZero_AndGrows_EvenWhenItsBatchedAnswerIsAHairBelowTheBases()
    {
        using var scope = NewDisposeScope();
        // First row black, the rest white; zero base. A mask on the black row makes a hybrid that is the base itself,
        // whatever pass it goes through.
        var toy = new LogisticToy(Side, Enumerable.Repeat(1f, Pixels).ToArray(), -4) { BatchedShift = -1e-6 };
        var image = Ones();
        Array.Fill(image, 0f, 0, Side);
        var (batch, model) = Batch(toy, [image, image], zerosBase: true);

        var scores = new ConfidenceGain(model, 50).Score(batch, cat([Mask(Enumerable.Range(0, Side)), Mask(Enumerable.Range(0, Side))], 0));

        // Growths: rows 0–1 (z = 4 − 4: p = 0.5, a hair below in the batch), rows 0–2 (z = 4: class 1).
        var grown = (toy.P1(image.Select((v, i) => i < 3 * Side ? v : 0f).ToArray()) - 1e-6 - batch.Base[0]) * Pixels
            / ((batch.Original[0] - batch.Base[0]) * 3 * Side);
        Assert.All(scores, s =>
        {
            Assert.Null(s.Exclusion);
            Assert.Equal(0.0, s.Scg);
            Assert.Equal(2, s.Growths);
            Assert.Equal(grown, s.Ccg!.Value, 5);
        });
    }

    [Fact]
    public void Ccg_OfACornerPixel_GrowsTwiceThroughTheBorder_AndEqualsAHandComputation()
    {
        using var scope = NewDisposeScope();
        // All-ones image, zero base; class 1 iff more than 7.5 pixels are kept: 1 pixel (no), its 2×2 corner (no), 3×3 (yes).
        var toy = LogisticToy.Uniform(Side, 4.0, -30);
        var (batch, model) = Batch(toy, [Ones()], zerosBase: true);
        var score = new ConfidenceGain(model, 50).Score(batch, Mask([0]))[0];

        double P(int kept) => 1 / (1 + Math.Exp(-((4.0 * kept) - 30)));
        float F(double p) => (float)p;
        double original = F(P(16)), baseline = F(P(0)), hybrid = F(P(1)), grown = F(P(9));
        Assert.Equal(2, score.Growths);
        Assert.Equal(1, score.MaskArea);
        Assert.Equal(9, score.GrownArea);
        Assert.Equal((hybrid - baseline) / (original - baseline), score.Scg!.Value, 9);
        Assert.Equal((grown - baseline) * Pixels / ((original - baseline) * 9), score.Ccg!.Value, 9);
    }

    [Fact]
    public void Growth_StopsAtTheFirstCorrectClassification_OrAtTheLimit_AsAnOmission()
    {
        using var scope = NewDisposeScope();
        var toy = LogisticToy.Uniform(Side, 4.0, -30);
        var (batch, model) = Batch(toy, [Ones(), Ones()], zerosBase: true);
        var masks = cat([Mask([0]), Mask([5])], 0);

        var scores = new ConfidenceGain(model, 50).Score(batch, masks);
        // An inner pixel's first growth already keeps 9 pixels; the corner needs two.
        Assert.Equal([2, 1], scores.Select(s => s.Growths!.Value));
        Assert.Equal([9, 9], scores.Select(s => s.GrownArea!.Value));

        var limited = new ConfidenceGain(model, 1).Score(batch, masks);
        Assert.Equal(ScoreExclusion.GrowthLimit, limited[0].Exclusion);
        Assert.NotNull(limited[0].Scg);
        Assert.Null(limited[0].Ccg);
        Assert.Null(limited[1].Exclusion);
        Assert.Equal(1, limited[1].Growths);
    }

    [Fact]
    public void ACheapModelIsSentSeveralGrowthsAPass_ACostlyOneOneGrowthAPass_AndBothScoreTheSame()
    {
        using var scope = NewDisposeScope();
        // 8×8 ones, zero base, class 1 from 9 kept pixels on: the corner's mask (1 → 4 → 9 → … → 64 pixels) becomes
        // class 1 at its second growth and covers the image at its seventh.
        const int side = 8;
        var image = Enumerable.Repeat(1f, side * side).ToArray();
        var corner = new float[side * side];
        corner[0] = 1;
        ImageScore ScoreWith(LogisticToy toy, out long classified)
        {
            var model = new ModelProbabilities(toy);
            var tensor = TensorData.From(image, 1, 1, side, side);
            var batch = ScoringBatch.Create(model, tensor, [0], [1], zeros_like(tensor));
            var before = model.ImagesClassified;
            var score = new ConfidenceGain(model, 50).Score(batch, TensorData.From(corner, 1, 1, side, side))[0];
            classified = model.ImagesClassified - before;
            return score;
        }

        ScoreWith(LogisticToy.Uniform(side, 1.0, -8.5), out _); // compiled and warm: the pass is timed
        var cheap = ScoreWith(LogisticToy.Uniform(side, 1.0, -8.5), out var cheapImages);
        var costly = ScoreWith(new LogisticToy(side, Enumerable.Repeat(1f, side * side).ToArray(), -8.5) { DelayPerImage = TimeSpan.FromMilliseconds(5) }, out var costlyImages);

        Assert.Equal(2, cheap.Growths);
        Assert.Equal(9, cheap.GrownArea);
        Assert.Equal(cheap, costly);
        Assert.Equal(1 + 2, costlyImages); // the hybrid, then growth 1, then growth 2
        // However a loaded machine times the cheap pass, no growth past the 7th (which covers the image) is sent.
        Assert.InRange(cheapImages, 1 + 2, 1 + 7);
    }

    [Theory]
    [InlineData(30e-6, ConfidenceGain.ImagesPerPass)] // seed CNN: a pass fills up
    [InlineData(200e-6, 10)]
    [InlineData(1e-3, 2)]
    [InlineData(3.6e-3, 1)] // ResNet-18 at 28×28: each image's next growth alone
    [InlineData(0.0, ConfidenceGain.ImagesPerPass)]
    public void APassHoldsAsManyHybridsAsItsFixedCostIsWorth(double secondsPerImage, int expected) =>
        Assert.Equal(expected, ConfidenceGain.PassTarget(secondsPerImage));

    [Fact]
    public void AnImageThatIsNotTheTargetClass_IsOmitted_AsSoonAsItsMaskCoversIt()
    {
        using var scope = NewDisposeScope();
        // Class 1 needs more than 16 kept pixels of value 1, so not even the whole 4×4 image is class 1: Algorithm 1
        // would grow the corner's mask 50 times; from the third growth on (1 → 4 → 9 → 16 pixels) the hybrid is the
        // image itself and the answer cannot change.
        var toy = LogisticToy.Uniform(Side, 1.0, -16.5);
        var (batch, model) = Batch(toy, [Ones()], zerosBase: true);
        var before = model.ImagesClassified;

        var score = new ConfidenceGain(model, 50).Score(batch, Mask([0]))[0];

        Assert.Equal(ScoreExclusion.GrowthLimit, score.Exclusion);
        Assert.NotNull(score.Scg);
        Assert.Null(score.Ccg);
        Assert.InRange(model.ImagesClassified - before, 3, 5); // the hybrid, then growths 1–3
    }

    [Fact]
    public void ABaseThatIsOneImageForAll_IsClassifiedOnce_WithTheSameProbabilityForEveryImage()
    {
        using var scope = NewDisposeScope();
        var toy = LogisticToy.Uniform(Side, 0.3, -1);
        var images = new[] { Ones(), Enumerable.Repeat(0.5f, Pixels).ToArray(), Enumerable.Repeat(0.2f, Pixels).ToArray() };

        var before = new ModelProbabilities(toy);
        var (zeros, zerosModel) = Batch(toy, images, zerosBase: true);
        var (blurred, blurModel) = Batch(toy, images, zerosBase: false);

        // The originals, then one zero image; the blurred bases differ, so all three go through.
        Assert.Equal(images.Length + 1, zerosModel.ImagesClassified);
        Assert.Equal(2 * images.Length, blurModel.ImagesClassified);
        var alone = ScoringBatch.Chosen(before.Of(zeros_like(zeros.Images)), zeros.Targets, before.Classes);
        Assert.Equal(alone, zeros.Base);
        Assert.Equal(ScoringBatch.Chosen(before.Of(blurred.Bases), blurred.Targets, before.Classes), blurred.Base);
    }

    [Fact]
    public void Exclusions_AreCountedByReason_AndKeptOutOfTheMeans()
    {
        using var scope = NewDisposeScope();
        // Pixel 0 counts against class 1: a mask of only that pixel makes the hybrid worse than the base.
        var weights = Enumerable.Repeat(1f, Pixels).ToArray();
        weights[0] = -6;
        var toy = new LogisticToy(Side, weights, -2);
        var (batch, model) = Batch(toy, [Ones(), new float[Pixels], Ones()], zerosBase: true);
        var masks = cat([Mask([0]), Mask([3]), Mask(Enumerable.Range(1, 8))], 0);

        var scores = new ConfidenceGain(model, 50).Score(batch, masks);
        Assert.Equal(ScoreExclusion.HybridBelowBase, scores[0].Exclusion);
        Assert.Null(scores[0].Scg);
        // An all-zero image is its own zero base: p(I) − p(I_K) = 0.
        Assert.Equal(ScoreExclusion.BaseNotLessInformative, scores[1].Exclusion);
        Assert.Null(scores[1].Scg);
        Assert.Null(scores[2].Exclusion);

        var summary = ScoreStatistics.Summarize(scores);
        Assert.Equal(new ExclusionCounts(1, 1, 0, 0), summary.Excluded);
        Assert.Equal(1, summary.ScgCount);
        Assert.Equal(scores[2].Scg, summary.MeanScg);
        Assert.Null(summary.StandardErrorScg);
    }

    [Fact]
    public void Summary_HasTheMeanAndStandardErrorOfTheImagesItKeeps()
    {
        ImageScore S(double? scg, double? ccg) => new(0, 0, 1, 0, 0, scg, ccg, ccg is null ? null : 1, 1, null, null);
        var summary = ScoreStatistics.Summarize([S(0.2, 1), S(0.4, 3), S(0.9, null)]);
        Assert.Equal(0.5, summary.MeanScg!.Value, 12);
        Assert.Equal(Math.Sqrt(((0.09 + 0.01 + 0.16) / 2) / 3), summary.StandardErrorScg!.Value, 12);
        Assert.Equal(2.0, summary.MeanCcg!.Value, 12);
        Assert.Equal(2, summary.CcgCount);
        Assert.Equal(1.0, summary.MeanGrowths);
    }

    [Fact]
    public void SetsOfMasksScoredTogether_ScoreAsEachAlone_InFewerCallsIntoTheModel()
    {
        using var scope = NewDisposeScope();
        // Class 1 iff more than 7.5 pixels' worth is kept; the second image is dimmer, so it needs larger masks.
        var dim = Enumerable.Range(0, Pixels).Select(p => 0.55f + (0.03f * (p % 5))).ToArray();
        var sets = new Func<Tensor>[]
        {
            () => cat([Mask([0]), Mask([0])], 0), // corners: two growths (more for the dim image)
            () => cat([Mask([5]), Mask([5, 6])], 0), // inner pixels: one growth or two
            () => cat([Mask(Enumerable.Range(0, Pixels)), Mask([])], 0), // the whole image, and an empty mask
        };

        var aloneToy = LogisticToy.Uniform(Side, 4.0, -30);
        var (alone, aloneModel) = Batch(aloneToy, [Ones(), dim], zerosBase: true);
        var gain = new ConfidenceGain(aloneModel, 50);
        var callsBeforeAlone = aloneToy.Calls;
        var expected = sets.Select(set => gain.Score(alone, set())).ToArray();
        var callsAlone = aloneToy.Calls - callsBeforeAlone;

        foreach (var stackedFloats in new long[] { 1L << 20, 2 * 2 * Pixels }) // all three sets a call; two, then one
        {
            var toy = LogisticToy.Uniform(Side, 4.0, -30);
            var (batch, model) = Batch(toy, [Ones(), dim], zerosBase: true);
            var callsBefore = toy.Calls;
            var together = new ConfidenceGain(model, 50).ScoreTogether(batch, sets.Select(set => set()).ToArray(), stackedFloats, CancellationToken.None);

            Assert.Equal(sets.Length, together.Count);
            for (var k = 0; k < sets.Length; k++)
            {
                Assert.Equal(expected[k], together[k]);
            }

            Assert.True(toy.Calls - callsBefore < callsAlone, $"{toy.Calls - callsBefore} calls together, {callsAlone} alone");
        }

        Assert.Contains(expected.SelectMany(e => e), s => s.Growths >= 2); // the sets do grow, so the passes are shared
    }

    [Fact]
    public void ACancelledScoring_StopsBeforeItsNextGrowthPass()
    {
        using var scope = NewDisposeScope();
        var toy = LogisticToy.Uniform(Side, 4.0, -30);
        var (batch, model) = Batch(toy, [Ones()], zerosBase: true);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var gain = new ConfidenceGain(model, 50);

        var callsBefore = toy.Calls;
        Assert.Throws<OperationCanceledException>(() => gain.Score(batch, Mask([0]), cancelled.Token)); // must grow
        Assert.Equal(1, toy.Calls - callsBefore); // the hybrids' pass only
        Assert.Equal(0, gain.Score(batch, Mask(Enumerable.Range(0, Pixels)), cancelled.Token)[0].Growths); // nothing to grow
        Assert.Throws<OperationCanceledException>(() => gain.ScoreTogether(batch, [Mask([0]), Mask([5])], cancelled.Token));
    }

    private static float[] Ones() => Enumerable.Repeat(1f, Pixels).ToArray();

    private static Tensor Mask(IEnumerable<int> pixels)
    {
        var values = new float[Pixels];
        foreach (var p in pixels)
        {
            values[p] = 1;
        }

        return TensorData.From(values, 1, 1, Side, Side);
    }

    private static (ScoringBatch Batch, ModelProbabilities Model) Batch(LogisticToy toy, float[][] images, bool zerosBase)
    {
        var model = new ModelProbabilities(toy);
        var tensor = TensorData.From(images.SelectMany(i => i).ToArray(), images.Length, 1, Side, Side);
        var bases = zerosBase ? zeros_like(tensor) : BaseImages.Blur(tensor, new BlurKernel());
        var batch = ScoringBatch.Create(model, tensor, Enumerable.Range(0, images.Length).ToArray(), Enumerable.Repeat(1L, images.Length).ToArray(), bases);
        return (batch, model);
    }
}
