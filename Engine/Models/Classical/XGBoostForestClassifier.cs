using ExplainHub.Engine.Native.XGBoost;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// The random forest of XGBoost's random-forest mode (<see cref="ForestAlgorithms.XGBoost"/>; not Breiman's forest: histogram splits, second-order leaf values, rows sampled without replacement): one boosting round of num_parallel_tree trees with
/// eta 1, row subsampling and per-split feature subsampling (XGBoost's "Random Forests in XGBoost" recipe). In that
/// mode a booster's margin is base_score plus the average of its trees' leaf values, so the forest is grown in
/// chunks (separate boosters: for progress and cancellation, and grown side by side on the cores) whose margins,
/// weighted by their tree counts, average to exactly the margin of one forest of all the trees; softmax of that
/// margin is the class probability.
/// multi:softprob grows one tree per class on that class's one-vs-rest gradient; with eta 1 and a tiny L2 a
/// leaf is an affine function of the class frequency of its rows, so the averaged margin ranks classes like
/// scikit-learn's averaged leaf frequencies.
/// </summary>
public sealed class XGBoostForestClassifier : ClassicalClassifier, IFeatureImportanceModel, ITreeContributionModel
{
    /// <summary>Trees per chunk booster: small enough for frequent progress and prompt cancellation.</summary>
    public const int TreesPerChunk = 10;

    /// <summary>
    /// Row fraction per tree when all rows are asked for. scikit-learn bootstraps n rows with replacement, which
    /// leaves 1 − 1/e ≈ 0.632 of the distinct rows in each tree; XGBoost samples without replacement, so
    /// subsample = 1 would give every tree the same rows and only per-split feature sampling would tell the trees
    /// apart. 0.632 keeps a bootstrap's diversity.
    /// </summary>
    public const double BootstrapFraction = 0.632;

    /// <summary>The share of the pixels each chunk of trees is grown on, from 256 pixels up (see Fit).</summary>
    public const double DefaultSubspace = 0.1;

    /// <summary>Histogram bins per pixel (see Fit).</summary>
    public const int MaxBins = 16;

    private readonly XGBoostBooster[] chunks;
    private readonly Lock gate = new();

    internal XGBoostForestClassifier(ModelInfo info, ImageShape shape, XGBoostBooster[] chunks, XGBoostForestDetails details)
        : base(info, shape)
    {
        if (chunks.Length == 0 || chunks.Length != details.ChunkTrees.Length)
        {
            throw new ArgumentException($"A forest needs one booster per chunk: {chunks.Length} boosters for {details.ChunkTrees.Length} chunks.");
        }

        this.chunks = chunks;
        Details = details;
        TreeCount = details.ChunkTrees.Sum();
    }

    public XGBoostForestDetails Details { get; }

    /// <summary>Forest members; XGBoost grows each as one tree per class, so there are TreeCount × classes trees.</summary>
    public int TreeCount { get; }

    public static XGBoostForestClassifier Fit(ModelInfo info, ImageShape shape, SampleMatrix samples, ClassicalOptions options, FitMonitor monitor)
    {
        ClassicalSamples.Check(info, shape, samples);
        var trees = options.Estimators ?? 150;
        var depth = options.MaxDepth ?? 15;
        var rows = options.RowSubsample >= 1 ? BootstrapFraction : options.RowSubsample;
        var features = options.FeatureSubsample ?? (Math.Sqrt(samples.Dimension) / samples.Dimension);
        CheckOptions(trees, depth, rows, features);

        // XGBoost's hist method builds every node's histograms over all the columns it is given, whatever a split then
        // samples; a random subspace per chunk cuts that work, and splits still consider the same number of pixels.
        // Measured on Fashion-MNIST (150 trees of depth 15, 60k images, 2 cores): all pixels 173 s, accuracy 0.8824;
        // a quarter 81 s, 0.8801; a tenth 37 s, 0.8755 (scikit-learn: 41 s, 0.8805).
        var subspace = options.TreeFeatureSubsample ?? (samples.Dimension >= 256 ? DefaultSubspace : 1.0);

        var chunkTrees = new int[(trees + TreesPerChunk - 1) / TreesPerChunk];
        for (var k = 0; k < chunkTrees.Length; k++)
        {
            chunkTrees[k] = Math.Min(TreesPerChunk, trees - (k * TreesPerChunk));
        }

        monitor.ThrowIfCancelled();
        var grown = new XGBoostBooster?[chunkTrees.Length];
        var chunkColumns = subspace < 1 ? new int[chunkTrees.Length][] : null;
        var done = 0;
        var progressGate = new Lock();

        // Chunks are independent forests, so they grow side by side, as many at once as there are cores, with the
        // cores shared out among them. XGBoost's own threads split every node's work, and the nodes of depth-15 trees
        // are mostly too small to share: its OpenMP barriers took a fifth of the CPU time. Measured on Fashion-MNIST,
        // 2 cores: 50 trees on 20k images 5.8 s with one booster of 2 threads at a time, 4.3 s with two of 1; the
        // 150-tree forest on 60k images 38.8 s and 30.6 s.
        var atOnce = Math.Min(Environment.ProcessorCount, chunkTrees.Length);
        var threadsPerChunk = Math.Max(1, Environment.ProcessorCount / atOnce);

        // Chunks on all pixels share training matrices, one per chunk grown at once: XGBoost builds a matrix's
        // histogram index lazily on first use, which two boosters must not do at the same time.
        using var fullMatrices = new WorkspacePool<XGBoostMatrix>(() => XGBoostTrees.TrainingMatrix(samples, threadsPerChunk));

        void GrowChunk(int k)
        {
            int[]? columns = null;
            if (chunkColumns is not null)
            {
                columns = chunkColumns[k] = Subspace(samples.Dimension, subspace, XGBoostTrees.Seed + k);
            }

            using var own = columns is null ? null : XGBoostTrees.TrainingMatrix(samples.Columns(columns), threadsPerChunk);
            var train = own ?? fullMatrices.Rent();
            try
            {
                var perSplit = Math.Min(1.0, features * samples.Dimension / (columns?.Length ?? samples.Dimension));
                using var booster = XGBoostTrees.MulticlassTreeBooster(train, samples.Classes, depth, XGBoostTrees.Seed + k);
                booster.SetParameter("nthread", threadsPerChunk);
                booster.SetParameter("num_parallel_tree", chunkTrees[k]);
                booster.SetParameter("subsample", rows);
                booster.SetParameter("colsample_bynode", perSplit);

                // A classification tree splits down to single rows (scikit-learn's min_samples_leaf = 1); XGBoost's
                // default min_child_weight = 1 would stop at about 5 rows (hessian 2p(1−p) = 0.18 a row at the start).
                booster.SetParameter("min_child_weight", 0.0);

                // The hist method keeps a histogram of every pixel × bin for each node of the tree it grows, built for
                // all pixels whatever colsample_bynode samples (dmlc/xgboost#7002); depth-15 trees have tens of
                // thousands of nodes, so 256 bins take gigabytes. 16 intensity levels grow an as accurate forest on
                // Fashion-MNIST (measured) in 1/16 of the histogram memory and less time.
                booster.SetParameter("max_bin", MaxBins);
                booster.UpdateOneIteration(0, train);
                grown[k] = XGBoostTrees.Detach(booster);
            }
            finally
            {
                if (own is null)
                {
                    fullMatrices.Return(train);
                }
            }

            lock (progressGate)
            {
                done += chunkTrees[k];
                monitor.Step("trees", done, trees);
            }
        }

        try
        {
            Parallel.For(0, chunkTrees.Length, new ParallelOptions
            {
                MaxDegreeOfParallelism = atOnce,
                CancellationToken = monitor.CancellationToken,
            }, GrowChunk);
            return new XGBoostForestClassifier(info, shape, [.. grown.Select(b => b!)], new XGBoostForestDetails(chunkTrees, depth, rows, features, chunkColumns));
        }
        catch (Exception error)
        {
            foreach (var booster in grown)
            {
                booster?.Dispose();
            }

            if (error is AggregateException { InnerExceptions.Count: 1 } single)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(single.InnerExceptions[0]);
            }

            throw;
        }
    }

    public static XGBoostForestClassifier Load(string directory)
    {
        var description = SavedModel.Read<XGBoostForestDetails>(directory);
        var details = description.Details;
        var shape = new ImageShape(description.Channels, description.Height, description.Width);
        var chunks = new List<XGBoostBooster>(details.ChunkTrees.Length);
        try
        {
            for (var k = 0; k < details.ChunkTrees.Length; k++)
            {
                chunks.Add(XGBoostTrees.Load(Path.Combine(directory, XGBoostForestDetails.ChunkFile(k)), details.ChunkColumns?[k].Length ?? shape.Pixels));
            }

            return new XGBoostForestClassifier(description.Info, shape, [.. chunks], details);
        }
        catch
        {
            foreach (var chunk in chunks)
            {
                chunk.Dispose();
            }

            throw;
        }
    }

    public override void Save(string directory)
    {
        SavedModel.Write(directory, new SavedModelDescription<XGBoostForestDetails>(Info, Channels, Height, Width, Details));
        lock (gate)
        {
            for (var k = 0; k < chunks.Length; k++)
            {
                XGBoostTrees.Save(chunks[k], Path.Combine(directory, XGBoostForestDetails.ChunkFile(k)));
            }
        }
    }

    /// <summary>Total gain of every pixel's splits over all trees of all chunks, normalised to sum 1.</summary>
    public float[] FeatureImportance()
    {
        var gain = new double[Shape.Pixels];
        lock (gate)
        {
            for (var k = 0; k < chunks.Length; k++)
            {
                var columns = Details.ChunkColumns?[k];
                var chunkGain = chunks[k].TotalGain(columns?.Length ?? Shape.Pixels);
                for (var j = 0; j < chunkGain.Length; j++)
                {
                    gain[columns?[j] ?? j] += chunkGain[j];
                }
            }
        }

        return XGBoostTrees.Normalise(gain);
    }

    protected override float[] PredictRows(ReadOnlySpan<float> rows, int count) => XGBoostTrees.Softmax(Margins(rows, count), ClassCount);

    /// <summary>The forest's margin per row and class (count×classes): softmax of it is <see cref="ClassicalClassifier.PredictProbabilities"/>.</summary>
    public double[] Margins(ReadOnlySpan<float> rows, int count)
    {
        var classes = ClassCount;
        var margins = new double[(long)count * classes];
        lock (gate)
        {
            for (var start = 0; start < count; start += XGBoostTrees.PredictionBatch)
            {
                var batch = Math.Min(XGBoostTrees.PredictionBatch, count - start);
                var slice = rows.Slice(start * Shape.Pixels, batch * Shape.Pixels);
                using var whole = Details.ChunkColumns is null ? XGBoostTrees.Matrix(slice, batch, Shape.Pixels) : null;
                var target = margins.AsSpan(start * classes, batch * classes);
                for (var k = 0; k < chunks.Length; k++)
                {
                    // Each chunk's margin is its own trees' average; weighting by its share of the trees gives the
                    // average over the whole forest (base_score is the same in every chunk, so it stays once).
                    var share = (double)Details.ChunkTrees[k] / TreeCount;
                    var columns = Details.ChunkColumns?[k];
                    using var own = columns is null ? null
                        : XGBoostTrees.Matrix(SampleMatrix.GatherColumns(slice, batch, Shape.Pixels, columns), batch, columns.Length);
                    var chunkMargins = chunks[k].Predict(own ?? whole!, outputMargin: true);
                    for (var i = 0; i < target.Length; i++)
                    {
                        target[i] += share * chunkMargins[i];
                    }
                }
            }
        }

        return margins;
    }

    /// <summary>
    /// TreeSHAP contributions of every pixel to every class's margin, count×classes×(pixels + 1), the last entry of
    /// each class its bias: each chunk's contributions, mapped back from its pixel subspace and weighted by its share
    /// of the trees like its margin, so that a class's entries sum to <see cref="Margins"/>.
    /// </summary>
    public double[] Contributions(ReadOnlySpan<float> rows, int count)
    {
        var classes = ClassCount;
        var pixels = Shape.Pixels;
        var contributions = new double[(long)count * classes * (pixels + 1)];
        lock (gate)
        {
            using var whole = Details.ChunkColumns is null ? XGBoostTrees.Matrix(rows, count, pixels) : null;
            for (var k = 0; k < chunks.Length; k++)
            {
                var share = (double)Details.ChunkTrees[k] / TreeCount;
                var columns = Details.ChunkColumns?[k];
                var width = (columns?.Length ?? pixels) + 1;
                using var own = columns is null ? null
                    : XGBoostTrees.Matrix(SampleMatrix.GatherColumns(rows, count, pixels, columns), count, columns.Length);
                var chunk = chunks[k].Contributions(own ?? whole!);
                for (var i = 0; i < count * classes; i++)
                {
                    var source = chunk.AsSpan(i * width, width);
                    var target = contributions.AsSpan(i * (pixels + 1), pixels + 1);
                    for (var j = 0; j < width - 1; j++)
                    {
                        target[columns?[j] ?? j] += share * source[j];
                    }

                    target[pixels] += share * source[width - 1];
                }
            }
        }

        return contributions;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var chunk in chunks)
            {
                chunk.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    /// <summary>A sorted random <paramref name="fraction"/> of the pixels, at least one, drawn from <paramref name="seed"/>.</summary>
    private static int[] Subspace(int dimension, double fraction, int seed)
    {
        var take = Math.Clamp((int)Math.Round(dimension * fraction), 1, dimension);
        var order = Enumerable.Range(0, dimension).ToArray();
        new Random(seed).Shuffle(order);
        return [.. order.Take(take).Order()];
    }

    private static void CheckOptions(int trees, int depth, double rows, double features)
    {
        if (trees < 1 || depth < 1 || !(rows > 0 && rows <= 1) || !(features > 0 && features <= 1))
        {
            throw new EngineException(EngineErrorKind.InvalidRequest,
                $"A random forest needs at least one tree ({trees}), a depth of at least 1 ({depth}) and row and feature fractions in (0, 1] ({rows}, {features}).");
        }
    }
}
