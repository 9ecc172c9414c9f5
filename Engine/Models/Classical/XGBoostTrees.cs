using ExplainHub.Engine.Native.XGBoost;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// What the XGBoost tree families (random forest, AdaBoost) share: the training matrix, the parameters of a
/// multi-class tree booster, batched prediction input, booster files and total-gain importance.
/// </summary>
internal static class XGBoostTrees
{
    /// <summary>Rows per prediction DMatrix: bounds the copy XGBoost makes of the input (4096×784 floats ≈ 13 MB).</summary>
    public const int PredictionBatch = 4096;

    /// <summary>
    /// L2 regularisation of leaf values. XGBoost's default (1) shrinks the leaves of small nodes, which deep
    /// random-forest trees are full of; a tiny value makes a leaf the (scaled) class frequency of its rows, like a
    /// classification tree's leaf, while still guarding against an empty hessian (30-tree forest on Fashion-MNIST:
    /// test accuracy 0.880 with it, 0.873 with the default).
    /// </summary>
    public const double LeafRegularisation = 1e-5;

    /// <summary>Fixed so that a fit is reproducible; chunks and rounds add their index so their samples differ.</summary>
    public const int Seed = 0;

    /// <summary>
    /// Pixels that are exactly 0 go to XGBoost as missing. The hist method then skips them when it builds histograms
    /// (half of Fashion-MNIST's pixels are 0: a 60k-image forest grows about 1.4× faster), and each split learns
    /// which side 0 goes to (XGBoost's default direction), so every split that treats 0 as the smallest value is
    /// still there, and "0 against not 0" becomes one split. Training and prediction must agree on it.
    /// </summary>
    public const float Missing = 0f;

    /// <summary>A DMatrix of <paramref name="count"/> rows of <paramref name="dimension"/> pixels, zeros missing, built on <paramref name="threads"/> threads (0: all).</summary>
    public static XGBoostMatrix Matrix(ReadOnlySpan<float> rows, int count, int dimension, int threads = 0) =>
        XGBoostMatrix.FromRows(rows, count, dimension, Missing, threads);

    /// <summary>A DMatrix of the samples with their labels, built on <paramref name="threads"/> threads (0: all).</summary>
    public static XGBoostMatrix TrainingMatrix(SampleMatrix samples, int threads = 0)
    {
        var matrix = Matrix(samples.Values, samples.Count, samples.Dimension, threads);
        try
        {
            matrix.SetLabels(samples.Labels);
            return matrix;
        }
        catch
        {
            matrix.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A booster growing one round of <paramref name="classes"/> trees (multi:softprob builds one tree per class on
    /// that class's softmax gradient) of depth <paramref name="maxDepth"/> with the histogram method, eta 1.
    /// </summary>
    public static XGBoostBooster MulticlassTreeBooster(XGBoostMatrix train, int classes, int maxDepth, int seed)
    {
        var booster = XGBoostBooster.Create(train);
        try
        {
            booster.SetParameter("verbosity", 0);
            booster.SetParameter("booster", "gbtree");
            booster.SetParameter("objective", "multi:softprob");
            booster.SetParameter("num_class", classes);
            booster.SetParameter("tree_method", "hist");
            booster.SetParameter("eta", 1.0);
            booster.SetParameter("max_depth", maxDepth);
            booster.SetParameter("reg_lambda", LeafRegularisation);
            booster.SetParameter("nthread", Environment.ProcessorCount);
            booster.SetParameter("seed", seed);
            return booster;
        }
        catch
        {
            booster.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A fresh booster holding only the trees of <paramref name="trained"/>. A booster keeps its updater's per-node
    /// histogram buffers and its training-set prediction cache for as long as it lives (hundreds of MB per depth-15
    /// forest chunk on 60k images), so the caller disposes <paramref name="trained"/> and keeps this copy; the copy
    /// is byte for byte what Save writes and Load reads, so a fitted model predicts exactly like a loaded one.
    /// </summary>
    public static XGBoostBooster Detach(XGBoostBooster trained) => Deserialize(trained.Serialize());

    /// <summary>Writes a booster as UBJSON to <paramref name="path"/>.</summary>
    public static void Save(XGBoostBooster booster, string path) => File.WriteAllBytes(path, booster.Serialize());

    /// <summary>
    /// Reads a booster file of a model on <paramref name="features"/> pixels; a missing file, or trees made for
    /// images of another size, fail with the file's path.
    /// </summary>
    public static XGBoostBooster Load(string path, int features)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The tree model file {path} is missing; the saved model in {Path.GetDirectoryName(path)} is incomplete.", path);
        }

        var booster = Deserialize(File.ReadAllBytes(path));
        if (booster.FeatureCount != features)
        {
            booster.Dispose();
            throw new InvalidDataException($"{path} holds trees over {booster.FeatureCount} pixels, but its model.json describes images of {features}.");
        }

        return booster;
    }

    /// <summary>Importances scaled to sum 1; uniform when no split gained anything (a forest of stumps that never split).</summary>
    public static float[] Normalise(ReadOnlySpan<double> importance)
    {
        double total = 0;
        foreach (var value in importance)
        {
            total += value;
        }

        var result = new float[importance.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = total > 0 ? (float)(importance[i] / total) : 1f / result.Length;
        }

        return result;
    }

    /// <summary>softmax of each row of <paramref name="scores"/> (count×classes), as floats.</summary>
    public static float[] Softmax(ReadOnlySpan<double> scores, int classes)
    {
        var result = new float[scores.Length];
        for (var start = 0; start < scores.Length; start += classes)
        {
            var row = scores.Slice(start, classes);
            var max = double.NegativeInfinity;
            foreach (var s in row)
            {
                max = Math.Max(max, s);
            }

            double sum = 0;
            for (var c = 0; c < classes; c++)
            {
                sum += Math.Exp(row[c] - max);
            }

            for (var c = 0; c < classes; c++)
            {
                result[start + c] = (float)(Math.Exp(row[c] - max) / sum);
            }
        }

        return result;
    }

    private static XGBoostBooster Deserialize(ReadOnlySpan<byte> serialized)
    {
        var model = XGBoostBooster.Deserialize(serialized);
        try
        {
            model.SetParameter("nthread", Environment.ProcessorCount);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
