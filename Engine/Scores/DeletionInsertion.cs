using ExplainHub.Shared;
using static TorchSharp.torch;

namespace ExplainHub.Engine.Scores;

/// <summary>
/// Deletion and insertion curves (Petsiuk et al. 2018, "RISE", §4.1) of one set of heat maps against a base image:
/// pixels ranked by H (ties to the lower index, as the top-ρ masks), the top k/Steps of them swapped at step k, every
/// image of a step through the model in one pass. Per image the curve of p(y) and its area by the trapezoid rule.
/// </summary>
public static class DeletionInsertion
{
    public static CurveRow Measure(ModelProbabilities model, ScoringBatch batch, float[] heat, int steps, string modelId, string function, string kind)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var count = batch.Count;
        var pixels = batch.Pixels;
        var (height, width) = (batch.Images.shape[2], batch.Images.shape[3]);
        var deletion = new double[count, steps + 1];
        var insertion = new double[count, steps + 1];
        using (var scope = NewDisposeScope())
        {
            // rank[i, p] = position of pixel p in image i's descending order of H.
            var (_, order) = Networks.TensorData.From(heat, count, pixels).sort(1, descending: true, stable: true);
            var ranks = zeros(count, pixels, ScalarType.Int64).scatter_(1, order, arange(pixels, ScalarType.Int64).expand(count, pixels));
            for (var k = 0; k <= steps; k++)
            {
                using var step = NewDisposeScope();
                var swapped = ranks.lt((long)Math.Round((double)k * pixels / steps)).view(count, 1, height, width).expand_as(batch.Images);
                var deleted = model.Of(where(swapped, batch.Bases, batch.Images));
                var inserted = model.Of(where(swapped, batch.Images, batch.Bases));
                for (var i = 0; i < count; i++)
                {
                    var target = (i * model.Classes) + (int)batch.Targets[i];
                    deletion[i, k] = deleted[target];
                    insertion[i, k] = inserted[target];
                }
            }
        }

        var deletionAuc = Enumerable.Range(0, count).Select(i => Area(deletion, i, steps)).ToArray();
        var insertionAuc = Enumerable.Range(0, count).Select(i => Area(insertion, i, steps)).ToArray();
        return new CurveRow(modelId, function, kind, steps, deletionAuc.Average(), ScoreStatistics.StandardError(deletionAuc),
            insertionAuc.Average(), ScoreStatistics.StandardError(insertionAuc),
            Enumerable.Range(0, steps + 1).Select(k => Enumerable.Range(0, count).Average(i => deletion[i, k])).ToArray(),
            Enumerable.Range(0, steps + 1).Select(k => Enumerable.Range(0, count).Average(i => insertion[i, k])).ToArray(), count);
    }

    private static double Area(double[,] curve, int image, int steps)
    {
        double area = 0;
        for (var k = 0; k < steps; k++)
        {
            area += (curve[image, k] + curve[image, k + 1]) / 2;
        }

        return area / steps;
    }
}
