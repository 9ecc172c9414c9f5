namespace ExplainHub.Engine.Explain.Agreement;

/// <summary>
/// How alike the maps of several (model, function) pairs are, pair by pair: Spearman's rank correlation of their H
/// and the IoU of their top-ρ masks, averaged over images (seed 001: "are the CAMs of different models similar?").
/// </summary>
public static class AgreementMatrix
{
    /// <summary>
    /// <paramref name="maps"/>[e][i] is explainer e's H for image i (all the same size); returns the e×e mean
    /// Spearman and mean IoU matrices, row-major.
    /// </summary>
    public static (double[] Spearman, double[] Iou) Mean(IReadOnlyList<IReadOnlyList<float[]>> maps, double rho)
    {
        var n = maps.Count;
        var images = n == 0 ? 0 : maps[0].Count;
        if (maps.Any(m => m.Count != images))
        {
            throw new ArgumentException("Every explainer needs a map of every image.", nameof(maps));
        }

        var spearman = new double[n * n];
        var iou = new double[n * n];
        for (var i = 0; i < images; i++)
        {
            var masks = maps.Select(m => TopMask.Of(m[i], rho)).ToArray();
            for (var a = 0; a < n; a++)
            {
                for (var b = a; b < n; b++)
                {
                    var s = a == b ? 1 : RankCorrelation.Spearman(maps[a][i], maps[b][i]);
                    var o = TopMask.IntersectionOverUnion(masks[a], masks[b]);
                    spearman[(a * n) + b] += s / images;
                    iou[(a * n) + b] += o / images;
                    if (a != b)
                    {
                        spearman[(b * n) + a] += s / images;
                        iou[(b * n) + a] += o / images;
                    }
                }
            }
        }

        return (spearman, iou);
    }
}
