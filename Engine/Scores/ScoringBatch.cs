using static TorchSharp.torch;

namespace ExplainHub.Engine.Scores;

/// <summary>
/// What every mask of one model × base image is scored against: the images (Count×C×H×W in [0,1]), their split
/// indices, the class y each is scored for, p(I = y) and the base images I_K with p(I_K = y) — computed once and
/// shared by every importance function, ρ and agreement.
/// </summary>
public sealed record ScoringBatch(Tensor Images, IReadOnlyList<int> Indices, long[] Targets, double[] Original, Tensor Bases, double[] Base)
{
    public int Count => Indices.Count;

    public int Pixels => (int)(Images.shape[2] * Images.shape[3]);

    /// <param name="originalProbabilities">The model's probabilities of <paramref name="images"/> when already known (one evaluation shares them across bases).</param>
    public static ScoringBatch Create(ModelProbabilities model, Tensor images, IReadOnlyList<int> indices, long[] targets, Tensor bases,
        float[]? originalProbabilities = null)
    {
        return new ScoringBatch(images, indices, targets, Chosen(originalProbabilities ?? model.Of(images), targets, model.Classes), bases,
            Chosen(BaseProbabilities(model, bases), targets, model.Classes));
    }

    /// <summary>The same images <paramref name="times"/> times over, one after another, to score several sets of masks in one pass.</summary>
    public ScoringBatch Repeated(int times) => times == 1 ? this : new ScoringBatch(
        Images.repeat(times, 1, 1, 1),
        [.. Enumerable.Repeat(Indices, times).SelectMany(i => i)],
        [.. Enumerable.Repeat(Targets, times).SelectMany(t => t)],
        [.. Enumerable.Repeat(Original, times).SelectMany(p => p)],
        Bases.repeat(times, 1, 1, 1),
        [.. Enumerable.Repeat(Base, times).SelectMany(p => p)]);

    // A base that is one image for all (zeros) goes through the model once.
    private static float[] BaseProbabilities(ModelProbabilities model, Tensor bases)
    {
        var count = (int)bases.shape[0];
        using var scope = NewDisposeScope();
        var first = bases.narrow(0, 0, 1);
        if (count == 1 || !bases.eq(first).all().item<bool>())
        {
            return model.Of(bases);
        }

        var one = model.Of(first);
        return Enumerable.Range(0, count).SelectMany(_ => one).ToArray();
    }

    internal static double[] Chosen(float[] probabilities, long[] targets, int classes) =>
        targets.Select((t, i) => (double)probabilities[(i * classes) + (int)t]).ToArray();
}
