using ExplainHub.Engine.Linalg;
using ExplainHub.Engine.Native.LibLinear;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// One-vs-rest linear SVM on any features: per class c a weight w_c and intercept ρ_c from LIBLINEAR
/// (L2-regularised squared hinge, dual coordinate descent — scikit-learn's LinearSVC), decision argmax_c w_c·x + ρ_c
/// (seed 000 §3.1), probabilities by temperature-scaled softmax of the decision values.
/// </summary>
public sealed class LinearSvmModel
{
    /// <summary>LinearSVC's default stopping tolerance.</summary>
    public const double DefaultTolerance = 1e-4;

    public LinearSvmModel(float[][] weights, double[] intercepts, double temperature)
    {
        if (weights.Length != intercepts.Length || weights.Length < 2)
        {
            throw new ArgumentException("A linear SVM needs one weight vector and one intercept per class, two classes at least.");
        }

        Weights = weights;
        Intercepts = intercepts;
        Temperature = temperature;
    }

    /// <summary>w_c per class, each of <see cref="Dimension"/> features.</summary>
    public float[][] Weights { get; }

    /// <summary>ρ_c per class.</summary>
    public double[] Intercepts { get; }

    public double Temperature { get; }

    public int Classes => Weights.Length;

    public int Dimension => Weights[0].Length;

    /// <summary>
    /// Fits one binary solve per class. They are independent, so they run in parallel on all cores (LIBLINEAR's own
    /// one-vs-rest loop is sequential); each solve is exactly the one LIBLINEAR would run for that class.
    /// </summary>
    public static LinearSvmModel Fit(SampleMatrix samples, double c, FitMonitor monitor, double tolerance = DefaultTolerance)
    {
        if (!(c > 0))
        {
            throw new ArgumentException($"C must be positive, not {c}.");
        }

        var classes = samples.Classes;
        var weights = new float[classes][];
        var intercepts = new double[classes];
        using var rows = new SparseRows(samples.Values, samples.Count, samples.Dimension, bias: 1);
        var present = new bool[classes];
        foreach (var label in samples.Labels)
        {
            present[label] = true;
        }

        // Two classes need one solve: the second class's decision is the negation of the first's.
        var solves = classes == 2 ? 1 : classes;
        var done = 0;
        monitor.Step("classes", 0, solves);
        Parallel.For(0, solves, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = monitor.CancellationToken }, k =>
        {
            if (!present[k])
            {
                // Never seen in training: never predicted.
                weights[k] = new float[samples.Dimension];
                intercepts[k] = -1;
            }
            else
            {
                var positive = samples.Labels.Select(l => l == k).ToArray();
                var solution = LibLinearSolver.Solve(rows, positive, c, tolerance);
                weights[k] = Array.ConvertAll(solution.Weights, w => (float)w);
                intercepts[k] = solution.Intercept;
            }

            monitor.Step("classes", Interlocked.Increment(ref done), solves);
        });

        if (classes == 2)
        {
            weights[1] = Array.ConvertAll(weights[0], w => -w);
            intercepts[1] = -intercepts[0];
        }

        var untempered = new LinearSvmModel(weights, intercepts, 1);
        var temperature = TemperatureSoftmax.Fit(untempered.DecisionValues(samples.Values, samples.Count), samples.Labels, classes);
        return new LinearSvmModel(weights, intercepts, temperature);
    }

    /// <summary>count×Classes decision values w_c·x + ρ_c, one GEMM on libtorch's BLAS (what scikit-learn's decision_function does with numpy's).</summary>
    public double[] DecisionValues(ReadOnlySpan<float> rows, int count) => TorchLinearAlgebra.LinearScores(rows, count, Weights, Intercepts);

    public float[] Probabilities(ReadOnlySpan<float> rows, int count) =>
        TemperatureSoftmax.Apply(DecisionValues(rows, count), Classes, Temperature);
}
