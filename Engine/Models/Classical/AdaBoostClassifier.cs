using ExplainHub.Engine.Native;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// Multi-class AdaBoost (Zhu, Zou, Rosset and Hastie 2009, "Multi-class AdaBoost"): discrete SAMME (Algorithm 2)
/// or real SAMME.R (Algorithm 4), as scikit-learn's AdaBoostClassifier(algorithm=…) runs them. The weak learner of
/// each round is fitted to the current sample weights: one XGBoost round of depth-limited trees (a tree per class)
/// or one CART tree over all classes (scikit-learn's DecisionTreeClassifier). The ensemble's decision and
/// probabilities are scikit-learn's decision_function and predict_proba.
/// </summary>
public sealed class AdaBoostClassifier : ClassicalClassifier, IFeatureImportanceModel
{
    /// <summary>
    /// The error a perfect SAMME round is given when its weight is computed: α is infinite at err = 0. Keeping
    /// it with α = ln((1 − 1e-10)/1e-10) + ln(K − 1) ≈ 23 + ln(K − 1) lets it outvote every earlier round, as a
    /// training-perfect learner should (scikit-learn stops there too but gives it weight 1).
    /// </summary>
    public const double PerfectRoundError = 1e-10;

    /// <summary>The floor of a SAMME.R probability before its log: float64's machine epsilon, as scikit-learn clips.</summary>
    public const double ProbabilityFloor = 2.220446049250313e-16;

    // Rows per core below which sharing a prediction out costs more than it saves.
    private const int MinimumRowsPerPart = 64;

    private readonly IWeakLearners rounds;
    private readonly Lock gate = new();

    internal AdaBoostClassifier(ModelInfo info, ImageShape shape, IWeakLearners rounds, AdaBoostDetails details)
        : base(info, shape)
    {
        if (rounds.Count == 0 || rounds.Count != details.Weights.Length || rounds.Count != details.Errors.Length)
        {
            throw new ArgumentException($"AdaBoost needs one weight and one error per round: {rounds.Count} rounds, {details.Weights.Length} weights, {details.Errors.Length} errors.");
        }

        if (info.ClassNames.Count < 2)
        {
            throw new ArgumentException("AdaBoost needs at least two classes.");
        }

        this.rounds = rounds;
        Details = details;
    }

    public AdaBoostDetails Details { get; }

    public int RoundCount => rounds.Count;

    /// <summary>CART rounds predict on every core, so a bulk prediction hands over more rows at once.</summary>
    public override int PredictionBatch => rounds.CanPredictConcurrently ? 2048 : base.PredictionBatch;

    public bool IsReal => Details.Algorithm == BoostingAlgorithms.SammeR;

    public static AdaBoostClassifier Fit(ModelInfo info, ImageShape shape, SampleMatrix samples, ClassicalOptions options, FitMonitor monitor)
    {
        ClassicalSamples.Check(info, shape, samples);
        var total = options.Estimators ?? 50;
        var depth = options.MaxDepth ?? 3;
        var rowFraction = options.RowSubsample;
        var featureFraction = options.FeatureSubsample ?? 1.0;
        var rate = options.BoostingLearningRate;
        if (total < 1 || depth < 1 || !(rowFraction > 0 && rowFraction <= 1) || !(featureFraction > 0 && featureFraction <= 1) || !(rate > 0))
        {
            throw new EngineException(EngineErrorKind.InvalidRequest,
                $"AdaBoost needs at least one round ({total}), a depth of at least 1 ({depth}), row and feature fractions in (0, 1] ({rowFraction}, {featureFraction}) and a positive learning rate ({rate}).");
        }

        if (!BoostingAlgorithms.All.Contains(options.BoostingAlgorithm))
        {
            throw new EngineException(EngineErrorKind.InvalidRequest,
                $"Unknown boosting algorithm '{options.BoostingAlgorithm}'. Known: {string.Join(", ", BoostingAlgorithms.All)}.");
        }

        var real = options.BoostingAlgorithm == BoostingAlgorithms.SammeR;
        var details = new AdaBoostDetails([], [], depth, rate, options.WeakLearner, options.BoostingAlgorithm);
        monitor.ThrowIfCancelled();
        using var fitter = WeakLearnerFitter(samples, options, depth, rowFraction, featureFraction);
        var (weights, errors) = real ? FitReal(samples, fitter, total, rate, monitor) : FitDiscrete(samples, fitter, total, rate, monitor);
        var learners = fitter.Release();
        try
        {
            return new AdaBoostClassifier(info, shape, learners, details with { Weights = weights, Errors = errors });
        }
        catch
        {
            learners.Dispose();
            throw;
        }
    }

    private static IWeakLearnerFitter WeakLearnerFitter(SampleMatrix samples, ClassicalOptions options, int depth, double rowFraction, double featureFraction)
    {
        if (options.WeakLearner == WeakLearners.Cart)
        {
            if (rowFraction < 1 || featureFraction < 1)
            {
                throw new EngineException(EngineErrorKind.InvalidRequest,
                    $"The CART weak learner grows every tree on all rows and pixels; row and feature subsampling ({rowFraction}, {featureFraction}) are options of the XGBoost learner.");
            }

            if (depth > WeightedCartGrower.MaxDepthLimit)
            {
                throw new EngineException(EngineErrorKind.InvalidRequest,
                    $"CART weak learners can be at most {WeightedCartGrower.MaxDepthLimit} deep, not {depth}.");
            }

            return new TreeWeakLearnerFitter(samples, depth);
        }

        if (options.WeakLearner != WeakLearners.XGBoost)
        {
            throw new EngineException(EngineErrorKind.InvalidRequest,
                $"Unknown weak learner '{options.WeakLearner}'. Known: {string.Join(", ", WeakLearners.All)}.");
        }

        return new XGBoostWeakLearnerFitter(samples, depth, rowFraction, featureFraction);
    }

    /// <summary>SAMME: each round is read as a hard classifier (its most probable class) and votes with weight α_m.</summary>
    private static (double[] Weights, double[] Errors) FitDiscrete(SampleMatrix samples, IWeakLearnerFitter fitter, int total, double rate, FitMonitor monitor)
    {
        var n = samples.Count;
        var classes = samples.Classes;
        var weights = InitialWeights(n);
        var wrong = new bool[n];
        var alphas = new List<double>(total);
        var errors = new List<double>(total);
        for (var m = 0; m < total; m++)
        {
            monitor.ThrowIfCancelled();
            ClipToEpsilon(weights);
            var probabilities = fitter.Fit(weights, m);

            // err_m = Σ w_i 1[h_m(x_i) ≠ y_i] / Σ w_i (SAMME step 2b); the weights sum to 1.
            var error = WrongWeight(samples, probabilities, weights, wrong);

            // A learner no better than chance (err ≥ 1 − 1/K) would get α ≤ 0: SAMME requires better than
            // chance, and scikit-learn discards it and stops, failing when it is the first.
            if (error >= 1 - (1.0 / classes))
            {
                if (alphas.Count == 0)
                {
                    throw new EngineException(EngineErrorKind.InvalidRequest,
                        $"AdaBoost's first weak learner is no better than chance (weighted error {error:F3} ≥ {1 - (1.0 / classes):F3}); the ensemble cannot be fitted. Try deeper trees.");
                }

                break;
            }

            fitter.Keep();
            errors.Add(error);

            // α_m = ν·(ln((1 − err_m)/err_m) + ln(K − 1)) (SAMME step 2c, ν = learning rate).
            var alpha = rate * (Math.Log((1 - Math.Max(error, PerfectRoundError)) / Math.Max(error, PerfectRoundError)) + Math.Log(classes - 1));
            alphas.Add(alpha);
            monitor.Step("rounds", m + 1, total);
            if (error <= 0)
            {
                break;
            }

            // w_i ← w_i·exp(α_m·1[wrong]) then normalised (SAMME steps 2d–2e).
            var factor = Math.Exp(alpha);
            for (var i = 0; i < n; i++)
            {
                weights[i] *= wrong[i] ? factor : 1;
            }

            if (!Normalise(weights))
            {
                break;
            }
        }

        return ([.. alphas], [.. errors]);
    }

    /// <summary>
    /// SAMME.R: every round counts with weight 1 through its class probabilities p, and each sample's weight is
    /// multiplied by exp(−ν·(K − 1)/K · Σ_c y_c log p_c(x)), with y_c = 1 for its class and −1/(K − 1) for the others.
    /// </summary>
    private static (double[] Weights, double[] Errors) FitReal(SampleMatrix samples, IWeakLearnerFitter fitter, int total, double rate, FitMonitor monitor)
    {
        var n = samples.Count;
        var classes = samples.Classes;
        var weights = InitialWeights(n);
        var wrong = new bool[n];
        var errors = new List<double>(total);
        var other = -1.0 / (classes - 1);
        var scale = -rate * (classes - 1.0) / classes;
        for (var m = 0; m < total; m++)
        {
            monitor.ThrowIfCancelled();
            ClipToEpsilon(weights);
            var probabilities = fitter.Fit(weights, m);
            var error = WrongWeight(samples, probabilities, weights, wrong);
            fitter.Keep();
            errors.Add(error);
            monitor.Step("rounds", m + 1, total);

            // A perfect round ends the fit, as in scikit-learn; the last round's update would not be used.
            if (error <= 0 || m == total - 1)
            {
                break;
            }

            for (var i = 0; i < n; i++)
            {
                var p = probabilities.AsSpan(i * classes, classes);
                double coded = 0;
                for (var c = 0; c < classes; c++)
                {
                    coded += (c == samples.Labels[i] ? 1 : other) * Math.Log(Math.Max(p[c], ProbabilityFloor));
                }

                // A weight that has reached 0 stays 0 (0·∞ would make it NaN).
                if (weights[i] > 0)
                {
                    weights[i] *= Math.Exp(scale * coded);
                }
            }

            if (!Normalise(weights))
            {
                break;
            }
        }

        var ones = new double[errors.Count];
        Array.Fill(ones, 1.0);
        return (ones, [.. errors]);
    }

    /// <summary>
    /// Raises every positive weight below float64's machine epsilon to it before a round is fitted, as scikit-learn's
    /// AdaBoostClassifier.fit has since 1.0 ("avoid extremely small sample weight", scikit-learn#20320): weights the
    /// updates drove towards 0 would otherwise be split on by rounding noise alone. Weights are normalised to sum 1, so
    /// the floor is absolute.
    /// </summary>
    internal static void ClipToEpsilon(Span<double> weights)
    {
        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i] > 0 && weights[i] < ProbabilityFloor)
            {
                weights[i] = ProbabilityFloor;
            }
        }
    }

    private static double[] InitialWeights(int n)
    {
        var weights = new double[n];
        Array.Fill(weights, 1.0 / n);
        return weights;
    }

    /// <summary>Σ w_i over the rows whose most probable class is wrong; marks them in <paramref name="wrong"/>.</summary>
    private static double WrongWeight(SampleMatrix samples, ReadOnlySpan<double> probabilities, ReadOnlySpan<double> weights, Span<bool> wrong)
    {
        var classes = samples.Classes;
        double total = 0;
        for (var i = 0; i < samples.Count; i++)
        {
            wrong[i] = ArgMax(probabilities.Slice(i * classes, classes)) != samples.Labels[i];
            total += wrong[i] ? weights[i] : 0;
        }

        return total;
    }

    /// <summary>Scales the weights to sum 1; false when they no longer can (all 0, or overflowed), which ends the fit.</summary>
    private static bool Normalise(Span<double> weights)
    {
        double sum = 0;
        foreach (var w in weights)
        {
            sum += w;
        }

        if (!(sum > 0) || !double.IsFinite(sum))
        {
            return false;
        }

        foreach (ref var w in weights)
        {
            w /= sum;
        }

        return true;
    }

    public static AdaBoostClassifier Load(string directory)
    {
        var description = SavedModel.Read<AdaBoostDetails>(directory);
        var details = description.Details;
        var shape = new ImageShape(description.Channels, description.Height, description.Width);
        var classes = description.Info.ClassNames.Count;
        var count = details.Weights.Length;
        if (!BoostingAlgorithms.All.Contains(details.Algorithm))
        {
            throw new InvalidDataException($"{directory}/model.json names an unknown boosting algorithm '{details.Algorithm}'.");
        }

        IWeakLearners rounds = details.WeakLearner switch
        {
            WeakLearners.XGBoost => XGBoostWeakLearners.Load(directory, count, shape.Pixels, classes),
            WeakLearners.Cart => TreeWeakLearners.Load(directory, count, shape.Pixels, classes),
            _ => throw new InvalidDataException($"{directory}/model.json names an unknown weak learner '{details.WeakLearner}'."),
        };
        try
        {
            return new AdaBoostClassifier(description.Info, shape, rounds, details);
        }
        catch
        {
            rounds.Dispose();
            throw;
        }
    }

    public override void Save(string directory)
    {
        SavedModel.Write(directory, new SavedModelDescription<AdaBoostDetails>(Info, Channels, Height, Width, Details));
        lock (gate)
        {
            rounds.Save(directory);
        }
    }

    /// <summary>
    /// Σ_m α_m·(round m's importance per pixel, normalised) / Σ_m α_m: scikit-learn's AdaBoost feature_importances_,
    /// with an XGBoost round's importance from its total gain and a CART round's from its Gini decrease.
    /// </summary>
    public float[] FeatureImportance()
    {
        var importance = new double[Shape.Pixels];
        lock (gate)
        {
            for (var m = 0; m < rounds.Count; m++)
            {
                var round = rounds.Importance(m, Shape.Pixels);
                for (var j = 0; j < importance.Length; j++)
                {
                    importance[j] += Details.Weights[m] * round[j];
                }
            }
        }

        return XGBoostTrees.Normalise(importance);
    }

    /// <summary>
    /// The ensemble's decision per class, as scikit-learn's decision_function, divided by Σ_m α_m: for SAMME
    /// Σ_m α_m·(1 if h_m(x) = c else −1/(K − 1)), for SAMME.R Σ_m (K − 1)·(log p_c − mean_k log p_k).
    /// </summary>
    public double[] Decision(ReadOnlySpan<float> rows, int count)
    {
        var decision = new double[(long)count * ClassCount];
        if (!rounds.CanPredictConcurrently)
        {
            lock (gate)
            {
                AddRounds(rows, count, decision, 0);
            }

            return decision;
        }

        // Managed trees are read-only: the rows are shared out over the cores.
        var parts = Math.Clamp(count / MinimumRowsPerPart, 1, Environment.ProcessorCount);
        RowParts.ForEach(rows, count, Shape.Pixels, (count + parts - 1) / parts, (part, first, size) => AddRounds(part, size, decision, first));
        return decision;
    }

    /// <summary>Adds every round's term for <paramref name="count"/> rows into <paramref name="decision"/> from row <paramref name="offset"/> on.</summary>
    private void AddRounds(ReadOnlySpan<float> rows, int count, double[] decision, int offset)
    {
        var classes = ClassCount;
        var against = -1.0 / (classes - 1);
        var alphaSum = Details.Weights.Sum();
        var real = IsReal;
        var logs = new double[classes];
        for (var start = 0; start < count; start += XGBoostTrees.PredictionBatch)
        {
            var batch = Math.Min(XGBoostTrees.PredictionBatch, count - start);
            var first = offset + start;
            rounds.Predict(rows.Slice(start * Shape.Pixels, batch * Shape.Pixels), batch, (m, probabilities) =>
            {
                var alpha = Details.Weights[m] / alphaSum;
                for (var i = 0; i < batch; i++)
                {
                    var p = probabilities.Slice(i * classes, classes);
                    var target = decision.AsSpan((first + i) * classes, classes);
                    if (real)
                    {
                        double mean = 0;
                        for (var c = 0; c < classes; c++)
                        {
                            logs[c] = Math.Log(Math.Max(p[c], ProbabilityFloor));
                            mean += logs[c] / classes;
                        }

                        for (var c = 0; c < classes; c++)
                        {
                            target[c] += alpha * (classes - 1) * (logs[c] - mean);
                        }
                    }
                    else
                    {
                        var vote = ArgMax(p);
                        for (var c = 0; c < classes; c++)
                        {
                            target[c] += alpha * (c == vote ? 1 : against);
                        }
                    }
                }
            });
        }
    }

    protected override float[] PredictRows(ReadOnlySpan<float> rows, int count)
    {
        var decision = Decision(rows, count);
        var scale = 1.0 / (ClassCount - 1);
        for (var i = 0; i < decision.Length; i++)
        {
            decision[i] *= scale;
        }

        return XGBoostTrees.Softmax(decision, ClassCount);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            rounds.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The first class of highest probability (numpy's argmax, which scikit-learn's predict uses).</summary>
    private static int ArgMax(ReadOnlySpan<double> row)
    {
        var best = 0;
        for (var c = 1; c < row.Length; c++)
        {
            if (row[c] > row[best])
            {
                best = c;
            }
        }

        return best;
    }
}
