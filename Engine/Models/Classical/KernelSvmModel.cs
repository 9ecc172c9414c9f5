using ExplainHub.Engine.Native;
using ExplainHub.Engine.Linalg;
using ExplainHub.Engine.Native.LibSvm;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// A kernel C-SVC on any features (pixels, PCA components…): LIBSVM's one-vs-one SMO, as scikit-learn's SVC.
/// <para>
/// Speed: LIBSVM's own kernels work on sparse rows, which is slow on dense pixels. Within
/// <see cref="PrecomputedMemoryLimitBytes"/> the fit hands LIBSVM precomputed kernel values instead, computed
/// once by BLAS, so the solver reads each kernel value instead of computing a dot product; each one-vs-one pair
/// gets only its two classes' values and the pairs are solved in parallel. Every model is kept in
/// precomputed form with its support vectors' features, so prediction is K(x, support vectors) by BLAS plus
/// LIBSVM's decision and probability code.
/// </para>
/// <para>
/// Probabilities: with <see cref="KernelSvmParameters.Probabilities"/>, LIBSVM's Platt scaling (probability = 1:
/// pairwise sigmoids fitted by internal 5-fold cross-validation, coupled into class probabilities). Without, the
/// one-vs-one votes divided by the number of pairs, so they sum to 1; ties stay ties and classes absent from
/// training get 0. <see cref="Predict"/> always follows the votes (LIBSVM's and scikit-learn's predict), so with
/// Platt the most probable class can differ from the predicted one near a tie.
/// </para>
/// </summary>
public sealed class KernelSvmModel : IDisposable
{
    /// <summary>
    /// Most memory the precomputed path may take (<see cref="KernelSvmGram.EstimateBytes"/>: the Gram matrix's upper
    /// triangle in float64, n²/2 values, plus one pair-problem workspace per pair solved at once, each sized for the
    /// largest pair, LIBSVM svm_nodes of 16 bytes per kernel value), all freed when the fit returns. 10 balanced classes stay under it up
    /// to about 16,000 samples (1.1 GB of Gram matrix, 2×164 MB of pairs); two classes up to about 9,000, since
    /// their one pair holds all n² values. Larger sets fall back to sparse rows, linear in memory but slower
    /// (Fashion-MNIST, 12,000 samples, rbf: 59 s sparse vs 9.4 s precomputed, 2 cores).
    /// </summary>
    public const long PrecomputedMemoryLimitBytes = 1_500_000_000;

    /// <summary>
    /// Below this many features LIBSVM's own kernel rows (computed only when the solver asks, cached) cost less than
    /// the whole Gram matrix by BLAS. Measured on PCA components of 10k Fashion-MNIST images, rbf, 2 cores, solve
    /// wall time precomputed / sparse: 32 components 0.84 / 0.65 s, 64 components 0.70–0.84 / 1.04 s, 128 components
    /// 0.76–0.99 / 1.40 s (with the Gram matrix and the pair problems in huge pages; in 4 KB pages the precomputed
    /// path lost at 128 too, 1.6 s, to page faults). 48 lies between the two sizes measured on either side.
    /// </summary>
    public const int PrecomputedMinimumDimension = 48;

    /// <summary>Kernel values computed per BLAS call while predicting (32 MB of doubles).</summary>
    private const int KernelBlockValues = 4 << 20;

    private readonly LibSvmModel model;
    private readonly LibSvmModelSummary summary;
    private readonly float[] supportVectors;
    private readonly int[] supportVectorIndices;

    /// <summary>Our class index of LIBSVM's class position k (LIBSVM orders classes by first appearance).</summary>
    private readonly int[] classAt;

    /// <summary>First support vector of LIBSVM's class position k (support vectors are grouped by class).</summary>
    private readonly int[] firstSupportVector;

    private KernelSvmModel(LibSvmModel model, KernelFunction kernel, double c, int classes, int dimension, float[] supportVectors, int[] supportVectorIndices)
    {
        summary = model.Summary;
        if (supportVectors.Length != (long)summary.SupportVectorCount * dimension || supportVectorIndices.Length != summary.SupportVectorCount)
        {
            throw new InvalidDataException(
                $"The LIBSVM model has {summary.SupportVectorCount} support vectors but {supportVectorIndices.Length} indices and {supportVectors.Length / Math.Max(1, dimension)} feature rows were given.");
        }

        if (summary.Labels.Any(label => label < 0 || label >= classes))
        {
            throw new InvalidDataException($"The LIBSVM model's labels ({string.Join(", ", summary.Labels)}) are not all classes of 0..{classes - 1}.");
        }

        this.model = model;
        this.supportVectors = supportVectors;
        this.supportVectorIndices = supportVectorIndices;
        Kernel = kernel;
        C = c;
        Classes = classes;
        Dimension = dimension;
        classAt = summary.Labels;
        firstSupportVector = new int[classAt.Length];
        for (var k = 1; k < classAt.Length; k++)
        {
            firstSupportVector[k] = firstSupportVector[k - 1] + summary.SupportVectorsPerClass[k - 1];
        }

        var pairs = new List<KernelSvmPair>();
        for (var i = 0; i < classAt.Length; i++)
        {
            for (var j = i + 1; j < classAt.Length; j++)
            {
                pairs.Add(new KernelSvmPair(classAt[i], classAt[j]));
            }
        }

        Pairs = pairs;
        var perClass = new int[classes];
        for (var k = 0; k < classAt.Length; k++)
        {
            perClass[classAt[k]] = summary.SupportVectorsPerClass[k];
        }

        SupportVectorsPerClass = perClass;
    }

    /// <summary>The kernel, gamma resolved.</summary>
    public KernelFunction Kernel { get; }

    public double C { get; }

    /// <summary>Classes the model was asked to tell apart, those absent from training included.</summary>
    public int Classes { get; }

    public int Dimension { get; }

    /// <summary>Whether <see cref="Probabilities"/> are Platt-calibrated (otherwise normalised votes).</summary>
    public bool HasPlattProbabilities => summary.HasProbability;

    public int SupportVectorCount => summary.SupportVectorCount;

    /// <summary>Support vectors of each class (0 for classes absent from training); they sum to <see cref="SupportVectorCount"/>.</summary>
    public IReadOnlyList<int> SupportVectorsPerClass { get; }

    /// <summary>0-based training-set index of each support vector, in the model's order (grouped by class).</summary>
    public IReadOnlyList<int> SupportVectorIndices => supportVectorIndices;

    /// <summary>The support vectors' features, SupportVectorCount×Dimension, row-major, in the model's order.</summary>
    public ReadOnlyMemory<float> SupportVectors => supportVectors;

    /// <summary>The one-vs-one classifiers in the order of <see cref="DecisionValues"/>' columns.</summary>
    public IReadOnlyList<KernelSvmPair> Pairs { get; }

    /// <summary>Numbers that define the model: support-vector features, their dual coefficients and each pair's rho.</summary>
    public long ParameterCount => ((long)SupportVectorCount * (Dimension + Math.Max(1, classAt.Length - 1))) + Pairs.Count;

    public static KernelSvmModel Fit(SampleMatrix samples, KernelSvmParameters parameters, FitMonitor monitor)
    {
        var kernel = parameters.ResolveKernel(samples);
        RequireFinite(parameters.C, "C");
        RequireFinite(kernel.Gamma, "gamma");
        RequireFinite(kernel.Coef0, "coef0");
        var settings = new LibSvmSettings(NativeKernelType(kernel.Kind), kernel.Gamma, kernel.Coef0, kernel.Degree,
            parameters.C, parameters.Tolerance, parameters.CacheMegabytes, parameters.Probabilities);
        LibSvmTrainer.Check(settings, samples.Labels);
        monitor.ThrowIfCancelled();

        var groups = LibSvmClassGroups.From(samples.Labels);
        var input = parameters.SolverInput switch
        {
            KernelSvmSolverInput.Automatic => samples.Dimension >= PrecomputedMinimumDimension
                && KernelSvmGram.EstimateBytes(groups, PairsAtOnce(parameters.Probabilities)) <= PrecomputedMemoryLimitBytes
                    ? KernelSvmSolverInput.PrecomputedGram
                    : KernelSvmSolverInput.SparsePairs,
            var chosen => chosen,
        };
        var solves = groups.Pairs.Count * (parameters.Probabilities ? 6 : 1);
        var finished = 0;
        var gate = new Lock();

        // svm_train cannot be interrupted: LIBSVM reports each binary solve as it finishes (a report never throws
        // from inside LIBSVM's call), and cancellation is honoured between pairs and after training.
        void SolveFinished()
        {
            lock (gate)
            {
                finished = Math.Min(finished + 1, solves);
                try
                {
                    monitor.Step("solve", finished, solves);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        var (trained, indices) = input switch
        {
            KernelSvmSolverInput.PrecomputedGram =>
                FitPairs(samples, kernel, settings with { KernelType = LibSvmNative.PrecomputedKernel }, groups, monitor, solves, SolveFinished),
            KernelSvmSolverInput.SparsePairs => FitSparsePairs(samples, settings, groups, monitor, solves, SolveFinished),
            _ => FitSparse(samples, settings, monitor, solves, SolveFinished),
        };

        try
        {
            monitor.ThrowIfCancelled();
            var features = new float[(long)indices.Length * samples.Dimension];
            for (var s = 0; s < indices.Length; s++)
            {
                samples.Row(indices[s]).CopyTo(features.AsSpan(s * samples.Dimension, samples.Dimension));
            }

            return new KernelSvmModel(trained, kernel, parameters.C, samples.Classes, samples.Dimension, features, indices);
        }
        catch
        {
            trained.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The precomputed path: the class-grouped Gram matrix, then one binary solve per pair over its two classes'
    /// kernel values (see <see cref="SolvePairs"/>), assembled as svm_train assembles them.
    /// </summary>
    private static (LibSvmModel Model, int[] Indices) FitPairs(SampleMatrix samples, KernelFunction kernel, LibSvmSettings settings,
        LibSvmClassGroups groups, FitMonitor monitor, int solves, Action solveFinished)
    {
        using var gram = KernelSvmGram.Compute(samples, kernel, groups, monitor);
        monitor.Step("solve", 0, solves);

        // One problem per pair solved at once, refilled pair after pair (a pair's kernel values are 64 MB at 2,000
        // samples; fresh ones would fault in every page again).
        using var workspaces = new WorkspacePool<LibSvmProblem>(() => LibSvmProblem.PrecomputedWorkspace(gram.LargestPair));
        var solutions = SolvePairs(groups, settings, monitor, p =>
        {
            var (i, j) = groups.Pairs[p];
            var problem = workspaces.Rent();
            try
            {
                gram.FillPairProblem(i, j, problem);
                return LibSvmTrainer.TrainBinary(problem, settings, solveFinished);
            }
            finally
            {
                workspaces.Return(problem);
            }
        });
        return LibSvmTrainer.Assemble(groups, solutions, settings);
    }

    /// <summary>
    /// The sparse-pairs path: pair (i, j)'s problem is class i's rows then class j's, as sparse features with
    /// LIBSVM's kernel; assembled into the same precomputed-form model as <see cref="FitPairs"/>.
    /// </summary>
    private static (LibSvmModel Model, int[] Indices) FitSparsePairs(SampleMatrix samples, LibSvmSettings settings,
        LibSvmClassGroups groups, FitMonitor monitor, int solves, Action solveFinished)
    {
        monitor.Step("solve", 0, solves);
        var d = samples.Dimension;
        var solutions = SolvePairs(groups, settings, monitor, p =>
        {
            var (i, j) = groups.Pairs[p];
            var members = groups.Members[i].Concat(groups.Members[j]).ToArray();
            var values = new float[(long)members.Length * d];
            var labels = new int[members.Length];
            for (var r = 0; r < members.Length; r++)
            {
                samples.Row(members[r]).CopyTo(values.AsSpan(r * d, d));
                labels[r] = r < groups.Members[i].Length ? 1 : -1;
            }

            using var problem = LibSvmProblem.Sparse(values, members.Length, d, labels);
            return LibSvmTrainer.TrainBinary(problem, settings, solveFinished);
        });
        return LibSvmTrainer.Assemble(groups, solutions, settings with { KernelType = LibSvmNative.PrecomputedKernel });
    }

    /// <summary>
    /// One solution per pair, pairs in parallel, except with Platt probabilities: their cross-validation folds come
    /// from libc's rand(), so the pairs then run in svm_train's order from svm_train's seed, which keeps the fit
    /// reproducible and identical to LIBSVM's own loop.
    /// </summary>
    private static LibSvmBinarySolution[] SolvePairs(LibSvmClassGroups groups, LibSvmSettings settings, FitMonitor monitor,
        Func<int, LibSvmBinarySolution> solve)
    {
        var solutions = new LibSvmBinarySolution[groups.Pairs.Count];
        void Solve(int p) => solutions[p] = solve(p);
        if (settings.Probability)
        {
            LibSvmTrainer.SeedPlattFolds();
            for (var p = 0; p < solutions.Length; p++)
            {
                monitor.ThrowIfCancelled();
                Solve(p);
            }
        }
        else
        {
            try
            {
                Parallel.For(0, solutions.Length, new ParallelOptions
                {
                    MaxDegreeOfParallelism = PairsAtOnce(settings.Probability),
                    CancellationToken = monitor.CancellationToken,
                }, Solve);
            }
            catch (AggregateException error) when (error.InnerExceptions.Count == 1)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error.InnerExceptions[0]);
            }
        }

        return solutions;
    }

    /// <summary>Pair problems solved at once: one per core, one at a time with Platt probabilities (see <see cref="FitPairs"/>).</summary>
    private static int PairsAtOnce(bool probabilities) => probabilities ? 1 : Environment.ProcessorCount;

    /// <summary>The sparse path: LIBSVM's own kernel and one-vs-one loop over the sparse feature rows.</summary>
    private static (LibSvmModel Model, int[] Indices) FitSparse(SampleMatrix samples, LibSvmSettings settings, FitMonitor monitor, int solves, Action solveFinished)
    {
        using var problem = LibSvmProblem.Sparse(samples.Values, samples.Count, samples.Dimension, samples.Labels);
        monitor.Step("solve", 0, solves);
        return LibSvmTrainer.Train(problem, settings, solveFinished);
    }

    /// <summary>count×Pairs.Count one-vs-one decision values; positive votes for the pair's <see cref="KernelSvmPair.Positive"/>.</summary>
    public double[] DecisionValues(ReadOnlySpan<float> rows, int count) => Evaluate(rows, count, withProbabilities: false).Decisions;

    /// <summary>count×Classes class probabilities, each row summing to 1: Platt's when fitted, normalised votes otherwise.</summary>
    public float[] Probabilities(ReadOnlySpan<float> rows, int count)
    {
        var (decisions, platt) = Evaluate(rows, count, withProbabilities: HasPlattProbabilities);
        var result = new float[(long)count * Classes];
        for (var r = 0; r < count; r++)
        {
            var output = result.AsSpan(r * Classes, Classes);
            if (platt is not null)
            {
                for (var k = 0; k < classAt.Length; k++)
                {
                    output[classAt[k]] = (float)platt[(r * classAt.Length) + k];
                }
            }
            else
            {
                var votes = Votes(decisions.AsSpan(r * Pairs.Count, Pairs.Count));
                for (var k = 0; k < classAt.Length; k++)
                {
                    output[classAt[k]] = (float)votes[k] / Pairs.Count;
                }
            }
        }

        return result;
    }

    /// <summary>The class each row is voted into; ties go to the class LIBSVM lists first, as svm_predict does.</summary>
    public int[] Predict(ReadOnlySpan<float> rows, int count)
    {
        var decisions = DecisionValues(rows, count);
        var result = new int[count];
        for (var r = 0; r < count; r++)
        {
            var votes = Votes(decisions.AsSpan(r * Pairs.Count, Pairs.Count));
            var best = 0;
            for (var k = 1; k < votes.Length; k++)
            {
                best = votes[k] > votes[best] ? k : best;
            }

            result[r] = classAt[best];
        }

        return result;
    }

    /// <summary>
    /// Linear kernel: the weights w and bias b of pair <paramref name="pair"/>'s decision value w·x + b, rebuilt from
    /// the support vectors (w = Σ_s sv_coef_s x_s over the pair's two classes, b = −ρ).
    /// </summary>
    public (double[] Weights, double Bias) PairFunction(int pair)
    {
        RequireLinear();
        var (i, j) = PairPositions(pair);
        var weights = new double[Dimension];
        // In pair (i, j), class i's coefficients sit in sv_coef row j−1 and class j's in row i (LIBSVM's layout).
        Accumulate(weights, i, s => summary.Coefficients[j - 1][s]);
        Accumulate(weights, j, s => summary.Coefficients[i][s]);
        return (weights, -summary.Rho[pair]);
    }

    /// <summary>
    /// Linear kernel: class c's weight image w_c = Σ over c's support vectors s of α_s x_s, α_s ≥ 0 the sum of s's
    /// dual coefficients over the pairs c takes part in (DESIGN §2: w_c = Σ_i 1[y_i=c] α_i x_i). LIBSVM stores them
    /// as y·α, negative where c is a pair's second class, so their magnitudes are summed: the plain sum of sv_coef
    /// would mix signs. Zero for a class absent from training.
    /// </summary>
    public float[] ClassWeights(int classIndex)
    {
        RequireLinear();
        var weights = new double[Dimension];
        var k = Array.IndexOf(classAt, classIndex);
        if (k >= 0)
        {
            Accumulate(weights, k, s => summary.Coefficients.Sum(row => Math.Abs(row[s])));
        }

        return Array.ConvertAll(weights, w => (float)w);
    }

    /// <summary>
    /// Linear kernel: b_c = −½ Σ over the pairs of class c of ρ, oriented towards c. With it s_c(x) = w_c·x + b_c
    /// gives, for two classes, exactly the decision value: s_first − s_second = w·x − ρ, so argmax_c s_c is the
    /// prediction. With more classes one-vs-one voting has no per-class linear score; s_c is then the part of
    /// every pair's decision that class c's own support vectors and half the pair's bias contribute. 0 for a
    /// class absent from training.
    /// </summary>
    public double ClassBias(int classIndex)
    {
        RequireLinear();
        var k = Array.IndexOf(classAt, classIndex);
        double bias = 0;
        for (var p = 0; p < Pairs.Count && k >= 0; p++)
        {
            var (i, j) = PairPositions(p);
            bias += i == k ? -summary.Rho[p] / 2 : j == k ? summary.Rho[p] / 2 : 0;
        }

        return bias;
    }

    /// <summary>Writes LIBSVM's model file and the support vectors' features into <paramref name="directory"/>; returns what model.json should hold.</summary>
    public KernelSvmDetails Save(string directory)
    {
        Directory.CreateDirectory(directory);
        model.Save(Path.Combine(directory, KernelSvmDetails.LibSvmModelFile));
        ArrayFile.Write(Path.Combine(directory, KernelSvmDetails.SupportVectorsFile), supportVectors, SupportVectorCount, Dimension);
        return new KernelSvmDetails(Kernel.NativeName, Kernel.Gamma, Kernel.Coef0, Kernel.Degree, C, Classes, Dimension, supportVectorIndices);
    }

    public static KernelSvmModel Load(string directory, KernelSvmDetails details)
    {
        var kernel = new KernelFunction(KernelSvmParameters.ParseKernel(details.Kernel), details.Gamma, details.Coef0, details.Degree);
        var (features, rows, columns) = ArrayFile.Read(Path.Combine(directory, KernelSvmDetails.SupportVectorsFile));
        if (columns != details.Dimension && rows > 0)
        {
            throw new InvalidDataException($"{KernelSvmDetails.SupportVectorsFile} holds {columns} features per support vector, model.json says {details.Dimension}.");
        }

        var trained = LibSvmModel.Load(Path.Combine(directory, KernelSvmDetails.LibSvmModelFile));
        try
        {
            return new KernelSvmModel(trained, kernel, details.C, details.Classes, details.Dimension, features, details.SupportVectorIndices);
        }
        catch
        {
            trained.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Decision values computed the slow way, by LIBSVM's own kernel on sparse rows, for checking that precomputed
    /// kernel values change nothing.
    /// </summary>
    internal double[] DecisionValuesWithOwnKernel(ReadOnlySpan<float> rows, int count)
    {
        CheckRows(rows, count);
        var settings = new LibSvmSettings(NativeKernelType(Kernel.Kind), Kernel.Gamma, Kernel.Coef0, Kernel.Degree, C, 1e-3, 1, false);
        return model.DecisionValuesWithOwnKernel(settings, supportVectors, rows, count, Dimension);
    }

    public void Dispose() => model.Dispose();

    private (double[] Decisions, double[]? Platt) Evaluate(ReadOnlySpan<float> rows, int count, bool withProbabilities)
    {
        CheckRows(rows, count);
        var pairs = Pairs.Count;
        var classes = classAt.Length;
        var decisions = new double[(long)count * pairs];
        var platt = withProbabilities ? new double[(long)count * classes] : null;
        var block = Math.Clamp(KernelBlockValues / SupportVectorCount, 1, count);
        for (var first = 0; first < count; first += block)
        {
            var n = Math.Min(block, count - first);
            var kernel = TorchLinearAlgebra.Kernel(Kernel, rows.Slice(first * Dimension, n * Dimension), n, supportVectors, SupportVectorCount, Dimension);
            model.Predict(kernel, n, decisions.AsSpan(first * pairs, n * pairs),
                platt is null ? Span<double>.Empty : platt.AsSpan(first * classes, n * classes));
        }

        return (decisions, platt);
    }

    /// <summary>Votes per LIBSVM class position from one row of decision values, as svm_predict counts them.</summary>
    private int[] Votes(ReadOnlySpan<double> decisions)
    {
        var votes = new int[classAt.Length];
        for (var p = 0; p < decisions.Length; p++)
        {
            var (i, j) = PairPositions(p);
            votes[decisions[p] > 0 ? i : j]++;
        }

        return votes;
    }

    private (int I, int J) PairPositions(int pair)
    {
        if (pair < 0 || pair >= Pairs.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(pair), $"This SVM has {Pairs.Count} pairs.");
        }

        var remaining = pair;
        for (var i = 0; ; i++)
        {
            var inRow = classAt.Length - 1 - i;
            if (remaining < inRow)
            {
                return (i, i + 1 + remaining);
            }

            remaining -= inRow;
        }
    }

    private void Accumulate(double[] weights, int position, Func<int, double> coefficient)
    {
        var first = firstSupportVector[position];
        for (var s = first; s < first + summary.SupportVectorsPerClass[position]; s++)
        {
            var a = coefficient(s);
            var x = supportVectors.AsSpan(s * Dimension, Dimension);
            for (var f = 0; f < Dimension; f++)
            {
                weights[f] += a * x[f];
            }
        }
    }

    private void RequireLinear()
    {
        if (Kernel.Kind != KernelKind.Linear)
        {
            throw new InvalidOperationException($"Only a linear-kernel SVM has weights; this one uses the {Kernel.NativeName} kernel.");
        }
    }

    private void CheckRows(ReadOnlySpan<float> rows, int count)
    {
        if (count <= 0 || rows.Length != (long)count * Dimension)
        {
            throw new ArgumentException($"Expected {count} rows of {Dimension} features ({(long)count * Dimension} values), got {rows.Length}.");
        }
    }

    private static int NativeKernelType(KernelKind kind) => kind switch
    {
        KernelKind.Linear => LibSvmNative.LinearKernel,
        KernelKind.Poly => LibSvmNative.PolyKernel,
        KernelKind.Rbf => LibSvmNative.RbfKernel,
        KernelKind.Sigmoid => LibSvmNative.SigmoidKernel,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown kernel."),
    };

    private static void RequireFinite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            throw new EngineException(EngineErrorKind.InvalidRequest, $"The SVM's {name} must be a finite number, not {value}.");
        }
    }
}
