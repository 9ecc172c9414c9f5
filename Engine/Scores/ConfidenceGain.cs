using ExplainHub.Engine.Training;
using ExplainHub.Shared;
using static TorchSharp.torch;

namespace ExplainHub.Engine.Scores;

/// <summary>
/// Simple and Concise Confidence Gain (seed 002 §4.2–4.3) of a batch of masks.
/// SCG = (p(I_M,K) − p(I_K)) / (p(I) − p(I_K))  (eq. 2).
/// CCG = (p(I_AM,K) − p(I_K))·N / ((p(I) − p(I_K))·A_AM)  (eq. 3), AM grown from M by 3×3 dilations until the hybrid
/// is classified as y (Algorithm 1), at most <paramref name="maxGrowths"/> times.
/// Images with p(I) − p(I_K) ≤ 0 or p(I_M,K) − p(I_K) &lt; 0 get neither score; an image still misclassified after the
/// last growth, or whose mask is empty, keeps its SCG but gets no CCG (<see cref="ScoreExclusion"/>). Batched: every
/// hybrid of a step goes through the model in one pass, and the images still growing take their next growths together.
/// </summary>
public sealed class ConfidenceGain(ModelProbabilities model, int maxGrowths)
{
    // Hybrid floats (images × C × H × W) one stacked call holds at most: 64 MB, with as much again for its images and bases.
    private const long StackedFloats = 16L << 20;

    /// <summary>
    /// The scores of several sets of masks over the same images (an evaluation's functions and agreements at one base
    /// and ρ), as <see cref="Score"/> gives each: they go through the model stacked, as many sets a call as fit, so
    /// every pass — the hybrids' and each growth's — is one large batch instead of one per set.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<ImageScore>> ScoreTogether(ScoringBatch batch, IReadOnlyList<Tensor> masks, CancellationToken cancellationToken = default) =>
        ScoreTogether(batch, masks, StackedFloats, cancellationToken);

    internal IReadOnlyList<IReadOnlyList<ImageScore>> ScoreTogether(ScoringBatch batch, IReadOnlyList<Tensor> masks, long stackedFloats, CancellationToken cancellationToken)
    {
        var perCall = (int)Math.Clamp(stackedFloats / Math.Max(1, batch.Images.numel()), 1, Math.Max(1, masks.Count));
        var results = new List<IReadOnlyList<ImageScore>>(masks.Count);
        for (var first = 0; first < masks.Count; first += perCall)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var take = Math.Min(perCall, masks.Count - first);
            using var scope = NewDisposeScope();
            var scores = Score(batch.Repeated(take), cat(masks.Skip(first).Take(take).ToList(), 0), cancellationToken);
            for (var k = 0; k < take; k++)
            {
                results.Add(scores.Skip(k * batch.Count).Take(batch.Count).ToArray());
            }
        }

        return results;
    }

    /// <summary>The SCG and CCG of each mask; a cancellation is seen between growth passes.</summary>
    public IReadOnlyList<ImageScore> Score(ScoringBatch batch, Tensor masks, CancellationToken cancellationToken = default)
    {
        var count = batch.Count;
        var classes = model.Classes;
        var scores = new ImageScore[count];
        var growing = new List<int>();
        double[] hybridProbability;
        long[] areas;
        double secondsPerImage;
        using (var scope = NewDisposeScope())
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var hybrids = ScoreMasks.Hybrid(masks, batch.Images, batch.Bases);
            var probabilities = model.Of(hybrids);
            secondsPerImage = clock.Elapsed.TotalSeconds / Math.Max(1, count);
            hybridProbability = ScoringBatch.Chosen(probabilities, batch.Targets, classes);

            // A hybrid that is the base itself (a mask on pixels the base already has: zero background under the zero
            // base) has p(I_K) exactly; its own pass differs from the base's only in rounding, which must not decide
            // whether it is "below the base".
            var sameAsBase = hybrids.eq(batch.Bases).flatten(1).all(1).data<bool>().ToArray();
            for (var i = 0; i < count; i++)
            {
                if (sameAsBase[i])
                {
                    hybridProbability[i] = batch.Base[i];
                }
            }

            areas = ScoreMasks.Areas(masks);
            for (var i = 0; i < count; i++)
            {
                var gain = batch.Original[i] - batch.Base[i];
                var start = new ImageScore(batch.Indices[i], (int)batch.Targets[i], batch.Original[i], batch.Base[i], hybridProbability[i],
                    null, null, null, (int)areas[i], null, null);
                if (gain <= 0)
                {
                    scores[i] = start with { Exclusion = ScoreExclusion.BaseNotLessInformative };
                }
                else if (areas[i] == 0)
                {
                    // The hybrid is the base itself (SCG 0, as sameAsBase gives it) and an empty mask has nothing to grow.
                    scores[i] = start with { Scg = 0, Exclusion = ScoreExclusion.EmptyMask };
                }
                else if (hybridProbability[i] - batch.Base[i] < 0)
                {
                    scores[i] = start with { Exclusion = ScoreExclusion.HybridBelowBase };
                }
                else
                {
                    scores[i] = start with { Scg = (hybridProbability[i] - batch.Base[i]) / gain };
                    if (IsTarget(probabilities, i, classes, batch.Targets[i]))
                    {
                        scores[i] = Concise(scores[i], batch.Pixels, hybridProbability[i], areas[i], 0);
                    }
                    else
                    {
                        growing.Add(i);
                    }
                }
            }
        }

        Grow(batch, masks, growing, scores, PassTarget(secondsPerImage), cancellationToken);
        return scores;
    }

    // Images still misclassified grow together, several growths per pass: each pass sends every image's next few
    // masks (as many as keep the pass near imagesPerPass) and each image stops at the first that is classified as y.
    // Speculating pays only where a pass's fixed cost is worth several images. For the seed CNN (2 cores) it is about
    // a dozen images' worth; measured on 64 Fashion-MNIST images, zero base: 128 a pass classified 223 images in all,
    // 64 → 189, 32 → 171, one growth a pass 162; 32 and 64 were the fastest. For a network whose image costs more than
    // that fixed cost (ResNet-18), every speculative hybrid is pure extra work, so PassTarget sizes passes from the
    // timed SCG pass. Only batching changes: each image still stops at its first growth classified as y.
    private void Grow(ScoringBatch batch, Tensor masks, List<int> growing, ImageScore[] scores, int imagesPerPass, CancellationToken cancellationToken)
    {
        if (growing.Count == 0)
        {
            return;
        }

        var classes = model.Classes;
        using var outer = NewDisposeScope();
        var current = masks.index_select(0, Rows(growing));
        var done = 0;
        while (done < maxGrowths && growing.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var step = NewDisposeScope();
            var levels = Math.Clamp(imagesPerPass / growing.Count, 1, maxGrowths - done);
            var rows = Rows(growing);
            var images = batch.Images.index_select(0, rows);
            var bases = batch.Bases.index_select(0, rows);
            var grown = new List<Tensor>(levels);
            for (var k = 0; k < levels; k++)
            {
                grown.Add(ScoreMasks.Grow(k == 0 ? current : grown[k - 1]));
            }

            // Once every mask covers its image, each later growth is the same hybrid, the image itself: those levels
            // are not sent (found from the areas, one read for the pass rather than one a level).
            var areas = ScoreMasks.Areas(cat(grown, 0));
            levels = Math.Min(levels, FirstLevelCoveringAll(areas, growing.Count, batch.Pixels) + 1);
            var all = cat(grown.Take(levels).ToList(), 0);
            var probabilities = model.Of(ScoreMasks.Hybrid(all, images.repeat(levels, 1, 1, 1), bases.repeat(levels, 1, 1, 1)));
            var still = new List<int>();
            for (var j = 0; j < growing.Count; j++)
            {
                var i = growing[j];
                var level = Enumerable.Range(0, levels).FirstOrDefault(k => IsTarget(probabilities, (k * growing.Count) + j, classes, batch.Targets[i]), -1);
                if (level < 0 && areas[((levels - 1) * growing.Count) + j] == batch.Pixels)
                {
                    // The mask covers the image: the hybrid is the image itself from here on, and it is not classified
                    // as y, so no later growth can be; Algorithm 1 would spend its remaining growths to say the same.
                    scores[i] = scores[i] with { Exclusion = ScoreExclusion.GrowthLimit };
                    continue;
                }

                if (level < 0)
                {
                    still.Add(j);
                    continue;
                }

                var row = (level * growing.Count) + j;
                scores[i] = Concise(scores[i], batch.Pixels, probabilities[(row * classes) + (int)batch.Targets[i]], areas[row], done + level + 1);
            }

            growing = still.Select(j => growing[j]).ToList();
            done += levels;
            if (growing.Count > 0)
            {
                current = grown[levels - 1].index_select(0, Rows(still)).MoveToOuterDisposeScope();
            }
        }

        foreach (var i in growing)
        {
            scores[i] = scores[i] with { Exclusion = ScoreExclusion.GrowthLimit };
        }
    }

    // The first level whose every mask covers its image, or the last level when none does.
    private static int FirstLevelCoveringAll(long[] areas, int perLevel, int pixels)
    {
        var levels = areas.Length / perLevel;
        for (var k = 0; k < levels; k++)
        {
            if (areas.AsSpan(k * perLevel, perLevel).IndexOfAnyExcept(pixels) < 0)
            {
                return k;
            }
        }

        return levels - 1;
    }

    /// <summary>Hybrids one growth pass aims to send to the model, at most.</summary>
    public const int ImagesPerPass = 64;

    // What a pass costs besides its images (building the hybrids, one call into the model, reading the answer):
    // about half a millisecond here; the seed CNN's one-image pass measured 0.3 ms of it.
    private const double PassOverheadSeconds = 0.5e-3;

    // Speculative growths pay only while a pass's fixed cost is worth several images: the seed CNN (~30 µs an image)
    // fills a pass up to ImagesPerPass; ResNet-18 at 28×28 (~3.6 ms an image) sends each image's next growth alone.
    internal static int PassTarget(double secondsPerImage) =>
        (int)Math.Clamp(Math.Round(4 * PassOverheadSeconds / Math.Max(secondsPerImage, 1e-9)), 1, ImagesPerPass);

    private static Tensor Rows(IReadOnlyList<int> rows) => Networks.TensorData.From(rows.Select(r => (long)r).ToArray(), rows.Count);

    private static bool IsTarget(float[] probabilities, int row, int classes, long target) =>
        Evaluation.ArgMax(probabilities.AsSpan(row * classes, classes)) == target;

    private static ImageScore Concise(ImageScore score, int pixels, double grownProbability, long area, int growths) => score with
    {
        Ccg = (grownProbability - score.Base) * pixels / ((score.Original - score.Base) * area),
        Growths = growths,
        GrownArea = (int)area,
    };
}
