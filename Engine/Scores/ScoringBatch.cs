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
            Chosen(model.Of(bases), targets, model.Classes));
    }

    internal static double[] Chosen(float[] probabilities, long[] targets, int classes) =>
        targets.Select((t, i) => (double)probabilities[(i * classes) + (int)t]).ToArray();
}
