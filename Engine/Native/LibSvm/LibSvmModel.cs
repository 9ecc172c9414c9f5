using System.Runtime.InteropServices;
using static ExplainHub.Engine.Native.LibSvm.LibSvmNative;

namespace ExplainHub.Engine.Native.LibSvm;

/// <summary>
/// A trained C-SVC in precomputed form (see <see cref="LibSvmTrainer"/>): predictions take K(x, support vector s)
/// for s = 1..SVs, in the model's support-vector order, and go through svm_predict_values and
/// svm_predict_probability. Saved and loaded with LIBSVM's own model file. Thread-safe: prediction only reads.
/// </summary>
internal sealed unsafe class LibSvmModel : IDisposable
{
    private readonly LibSvmModelHandle handle;

    public LibSvmModel(LibSvmModelHandle handle)
    {
        this.handle = handle;
        var model = handle.Acquire();
        try
        {
            if (model->Param.SvmType != CSvc || model->Param.KernelType != PrecomputedKernel)
            {
                throw new InvalidDataException(
                    $"Expected a C-SVC model over precomputed kernel values, got svm_type {model->Param.SvmType}, kernel_type {model->Param.KernelType}.");
            }

            Summary = Describe(model);
        }
        finally
        {
            handle.DangerousRelease();
        }
    }

    public LibSvmModelSummary Summary { get; }

    public static LibSvmModel Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No LIBSVM model file at {path}.", path);
        }

        LibSvmOutput.Silence();
        var model = LoadModel(path);
        if (model == null)
        {
            throw new InvalidDataException($"LIBSVM could not read the model file {path}.");
        }

        var handle = new LibSvmModelHandle(model, ownedNodes: null);
        try
        {
            return new LibSvmModel(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public void Save(string path)
    {
        var model = handle.Acquire();
        try
        {
            if (SaveModel(path, model) != 0)
            {
                throw new IOException($"LIBSVM could not write its model file {path}.");
            }
        }
        finally
        {
            handle.DangerousRelease();
        }
    }

    /// <summary>
    /// For each of <paramref name="rows"/> rows of <paramref name="kernel"/> (rows×SVs: K(x, support vector s)),
    /// the one-vs-one decision values (rows×pairs) and, when <paramref name="probabilities"/> is not empty, Platt's
    /// class probabilities (rows×classes, LIBSVM's class order).
    /// </summary>
    public void Predict(ReadOnlySpan<double> kernel, int rows, Span<double> decisions, Span<double> probabilities)
    {
        var supportVectors = Summary.SupportVectorCount;
        var pairs = Summary.PairCount;
        var classes = Summary.Labels.Length;
        var withProbabilities = !probabilities.IsEmpty;
        if (kernel.Length != (long)rows * supportVectors || decisions.Length != (long)rows * pairs
            || (withProbabilities && probabilities.Length != (long)rows * classes))
        {
            throw new ArgumentException($"Prediction buffers do not match {rows} rows of {supportVectors} kernel values, {pairs} pairs and {classes} classes.");
        }

        if (withProbabilities && !Summary.HasProbability)
        {
            throw new InvalidOperationException("This SVM was trained without Platt probabilities.");
        }

        // One precomputed row: node 0 is the (unused) serial of the sample, node s its kernel value against support vector s.
        var nodes = (Node*)NativeMemory.Alloc((nuint)(supportVectors + 2), (nuint)sizeof(Node));
        var model = handle.Acquire();
        try
        {
            nodes[0] = new Node { Index = 0, Value = 0 };
            nodes[supportVectors + 1] = new Node { Index = -1 };
            fixed (double* k = kernel)
            fixed (double* d = decisions)
            fixed (double* p = probabilities)
            {
                for (var r = 0; r < rows; r++)
                {
                    var row = k + ((long)r * supportVectors);
                    for (var s = 0; s < supportVectors; s++)
                    {
                        nodes[s + 1] = new Node { Index = s + 1, Value = row[s] };
                    }

                    PredictValues(model, nodes, d + ((long)r * pairs));
                    if (withProbabilities)
                    {
                        PredictProbability(model, nodes, p + ((long)r * classes));
                    }
                }
            }
        }
        finally
        {
            handle.DangerousRelease();
            NativeMemory.Free(nodes);
        }
    }

    /// <summary>
    /// Decision values computed by LIBSVM's own kernel (<paramref name="kernel"/>) over sparse copies of the support
    /// vectors' features (SVs×dimension, the model's order) instead of precomputed kernel values: the reference the
    /// precomputed path is checked against. Works on a copy of the model struct, so the model itself is untouched.
    /// </summary>
    public double[] DecisionValuesWithOwnKernel(LibSvmSettings kernel, ReadOnlySpan<float> supportVectors, ReadOnlySpan<float> rows, int count, int dimension)
    {
        var supportVectorCount = Summary.SupportVectorCount;
        if (supportVectors.Length != (long)supportVectorCount * dimension || rows.Length != (long)count * dimension)
        {
            throw new ArgumentException($"Expected {supportVectorCount} support vectors and {count} rows of {dimension} features.");
        }

        var decisions = new double[(long)count * Summary.PairCount];
        using var supportRows = LibSvmProblem.Sparse(supportVectors, supportVectorCount, dimension, new int[supportVectorCount]);
        var row = (Node*)NativeMemory.Alloc((nuint)(dimension + 1), (nuint)sizeof(Node));
        var model = handle.Acquire();
        try
        {
            var copy = *model;
            copy.Param.KernelType = kernel.KernelType;
            copy.Param.Gamma = kernel.Gamma;
            copy.Param.Coef0 = kernel.Coef0;
            copy.Param.Degree = kernel.Degree;
            copy.SV = supportRows.View.X;
            fixed (double* d = decisions)
            {
                for (var i = 0; i < count; i++)
                {
                    LibSvmProblem.WriteSparseRow(rows.Slice(i * dimension, dimension), row);
                    PredictValues(&copy, row, d + ((long)i * Summary.PairCount));
                }
            }
        }
        finally
        {
            handle.DangerousRelease();
            NativeMemory.Free(row);
        }

        return decisions;
    }

    public void Dispose() => handle.Dispose();

    private static LibSvmModelSummary Describe(Model* model)
    {
        var classes = model->NrClass;
        var supportVectors = model->L;
        var labels = new ReadOnlySpan<int>(model->Label, classes).ToArray();
        var perClass = new ReadOnlySpan<int>(model->NSV, classes).ToArray();
        var coefficients = new double[classes - 1][];
        for (var j = 0; j < classes - 1; j++)
        {
            coefficients[j] = new ReadOnlySpan<double>(model->SvCoef[j], supportVectors).ToArray();
        }

        var rho = new ReadOnlySpan<double>(model->Rho, classes * (classes - 1) / 2).ToArray();
        return new LibSvmModelSummary(labels, perClass, coefficients, rho, CheckProbabilityModel(model) != 0);
    }
}
