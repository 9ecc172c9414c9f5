using System.Runtime.InteropServices;
using ExplainHub.Shared;
using static ExplainHub.Engine.Native.LibSvm.LibSvmNative;

namespace ExplainHub.Engine.Native.LibSvm;

/// <summary>
/// C-SVC training through svm_train, in two ways that give the same model:
/// <list type="bullet">
/// <item><see cref="Train"/>: LIBSVM's own one-vs-one loop over one problem. The model it returns points into the
/// problem's rows (free_sv = 0); rather than keep the training set alive as long as the model, it is detached at
/// once: every support vector becomes a two-node precomputed row holding its serial (1..SVs) and kernel_type
/// becomes PRECOMPUTED.</item>
/// <item><see cref="TrainBinary"/> per pair problem, then <see cref="Assemble"/>: the same loop run by us, so that
/// each pair needs only its own two classes' kernel values (a precomputed problem over all samples would need
/// 16 bytes per kernel value, n² of them) and pairs can be solved in parallel. The assembly is svm_train's
/// own (svm.cpp, svm_train, classification branch): a sample is a support vector if any of its pairs gives it a
/// non-zero α; sv_coef row j−1 holds class i's y·α of pair (i, j) and row i class j's.</item>
/// </list>
/// Either way the model is in precomputed form: the caller keeps the support vectors' features and predicts with
/// K(x, support vectors) computed by BLAS, and svm_save_model writes only serials and %.17g coefficients, so a
/// saved model reloads bit for bit.
/// </summary>
internal static unsafe class LibSvmTrainer
{
    /// <summary>Throws <see cref="EngineException"/> with LIBSVM's own reason when it would refuse <paramref name="settings"/>.</summary>
    public static void Check(LibSvmSettings settings, ReadOnlySpan<int> labels)
    {
        LibSvmOutput.Silence();
        var targets = new double[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            targets[i] = labels[i];
        }

        var parameter = settings.ToNative();
        byte* error;
        fixed (double* y = targets)
        {
            // C-SVC's checks read only the parameters and the labels, so no feature rows are needed yet.
            var problem = new Problem { L = labels.Length, Y = y, X = null };
            error = CheckParameter(&problem, &parameter);
        }

        if (error != null)
        {
            throw new EngineException(EngineErrorKind.InvalidRequest,
                $"LIBSVM refuses these SVM settings: {Marshal.PtrToStringUTF8((IntPtr)error)} "
                + $"(C = {settings.C}, gamma = {settings.Gamma}, degree = {settings.Degree}).");
        }
    }

    /// <summary>
    /// Trains on <paramref name="problem"/> (which must use <paramref name="settings"/>' kernel_type); returns the
    /// detached model and the 0-based training indices of its support vectors, in the model's order.
    /// <paramref name="onSolveFinished"/> runs after each binary solve (pairs, times six with Platt's 5-fold fit).
    /// </summary>
    public static (LibSvmModel Model, int[] SupportVectorIndices) Train(LibSvmProblem problem, LibSvmSettings settings, Action onSolveFinished)
    {
        if (problem.IsPrecomputed != (settings.KernelType == PrecomputedKernel))
        {
            throw new ArgumentException("A precomputed problem needs kernel_type PRECOMPUTED, a sparse one a real kernel.");
        }

        var parameter = settings.ToNative();
        var view = problem.View;
        var error = CheckParameter(&view, &parameter);
        if (error != null)
        {
            throw new EngineException(EngineErrorKind.InvalidRequest, "LIBSVM refuses these SVM settings: " + Marshal.PtrToStringUTF8((IntPtr)error));
        }

        if (settings.Probability)
        {
            SeedRandom(0);
        }

        Model* model;
        using (LibSvmOutput.Listen(onSolveFinished))
        {
            model = LibSvmNative.Train(&view, &parameter);
        }

        if (model == null)
        {
            throw new InvalidOperationException("LIBSVM's svm_train returned no model.");
        }

        Node* serials = null;
        int[] indices;
        LibSvmModelHandle handle;
        try
        {
            var count = model->L;
            indices = new int[count];
            serials = (Node*)NativeMemory.Alloc((nuint)Math.Max(1, 2 * count), (nuint)sizeof(Node));
            for (var s = 0; s < count; s++)
            {
                indices[s] = model->SvIndices[s] - 1;
                serials[2 * s] = new Node { Index = 0, Value = s + 1 };
                serials[(2 * s) + 1] = new Node { Index = -1 };
                model->SV[s] = serials + (2 * s);
            }

            model->Param.KernelType = PrecomputedKernel;
            handle = new LibSvmModelHandle(model, serials);
        }
        catch
        {
            FreeAndDestroyModel(&model);
            NativeMemory.Free(serials);
            throw;
        }

        try
        {
            return (new LibSvmModel(handle), indices);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Solves one pair problem whose +1 samples come first (so LIBSVM lists +1 as its first class, as svm_train's
    /// one-vs-one loop does). Platt's cross-validation draws its folds from libc's rand(): seed it once before the
    /// first pair (<see cref="SeedPlattFolds"/>) and solve pairs in order to reproduce svm_train's own draws.
    /// </summary>
    public static LibSvmBinarySolution TrainBinary(LibSvmProblem problem, LibSvmSettings settings, Action onSolveFinished)
    {
        if (problem.IsPrecomputed != (settings.KernelType == PrecomputedKernel))
        {
            throw new ArgumentException("A precomputed problem needs kernel_type PRECOMPUTED, a sparse one a real kernel.");
        }

        var parameter = settings.ToNative();
        var view = problem.View;
        var error = CheckParameter(&view, &parameter);
        if (error != null)
        {
            throw new EngineException(EngineErrorKind.InvalidRequest, "LIBSVM refuses these SVM settings: " + Marshal.PtrToStringUTF8((IntPtr)error));
        }

        Model* model;
        using (LibSvmOutput.Listen(onSolveFinished))
        {
            model = LibSvmNative.Train(&view, &parameter);
        }

        if (model == null)
        {
            throw new InvalidOperationException("LIBSVM's svm_train returned no model.");
        }

        try
        {
            if (model->NrClass != 2 || model->Label[0] != 1)
            {
                throw new InvalidOperationException("A pair problem must hold two classes, its +1 samples first.");
            }

            var coefficients = new double[problem.Count];
            for (var s = 0; s < model->L; s++)
            {
                coefficients[model->SvIndices[s] - 1] = model->SvCoef[0][s];
            }

            return new LibSvmBinarySolution(coefficients, model->Rho[0],
                model->ProbA != null ? model->ProbA[0] : null,
                model->ProbB != null ? model->ProbB[0] : null);
        }
        finally
        {
            // The model points into the problem's rows (free_sv = 0): it goes first.
            FreeAndDestroyModel(&model);
        }
    }

    public static void SeedPlattFolds() => SeedRandom(0);

    /// <summary>
    /// The one-vs-one model of <paramref name="groups"/> from one solution per pair (in <see cref="LibSvmClassGroups.Pairs"/>
    /// order; pair (i, j)'s problem lists class i's members, then class j's). Returns it with the 0-based training
    /// indices of its support vectors.
    /// </summary>
    public static (LibSvmModel Model, int[] SupportVectorIndices) Assemble(LibSvmClassGroups groups, IReadOnlyList<LibSvmBinarySolution> solutions, LibSvmSettings settings)
    {
        var classes = groups.Labels.Length;
        var pairs = groups.Pairs;
        if (solutions.Count != pairs.Count)
        {
            throw new ArgumentException($"{solutions.Count} solutions for {pairs.Count} pairs.");
        }

        var nonZero = groups.Members.Select(m => new bool[m.Length]).ToArray();
        for (var p = 0; p < pairs.Count; p++)
        {
            var (i, j) = pairs[p];
            var coefficients = solutions[p].Coefficients;
            var ci = groups.Members[i].Length;
            for (var k = 0; k < coefficients.Length; k++)
            {
                if (coefficients[k] != 0)
                {
                    nonZero[k < ci ? i : j][k < ci ? k : k - ci] = true;
                }
            }
        }

        var perClass = nonZero.Select(flags => flags.Count(f => f)).ToArray();
        var firstOfClass = new int[classes];
        for (var c = 1; c < classes; c++)
        {
            firstOfClass[c] = firstOfClass[c - 1] + perClass[c - 1];
        }

        var total = perClass.Sum();
        var indices = new int[total];
        var coefficientRows = new double[Math.Max(1, classes - 1)][];
        for (var r = 0; r < coefficientRows.Length; r++)
        {
            coefficientRows[r] = new double[total];
        }

        for (int c = 0, s = 0; c < classes; c++)
        {
            for (var k = 0; k < nonZero[c].Length; k++)
            {
                if (nonZero[c][k])
                {
                    indices[s++] = groups.Members[c][k];
                }
            }
        }

        for (var p = 0; p < pairs.Count; p++)
        {
            var (i, j) = pairs[p];
            var coefficients = solutions[p].Coefficients;
            var ci = groups.Members[i].Length;
            var q = firstOfClass[i];
            for (var k = 0; k < ci; k++)
            {
                if (nonZero[i][k])
                {
                    coefficientRows[j - 1][q++] = coefficients[k];
                }
            }

            q = firstOfClass[j];
            for (var k = 0; k < groups.Members[j].Length; k++)
            {
                if (nonZero[j][k])
                {
                    coefficientRows[i][q++] = coefficients[ci + k];
                }
            }
        }

        var withProbabilities = solutions.All(s => s.ProbabilityA.HasValue && s.ProbabilityB.HasValue);
        var model = NativeModel(settings, groups.Labels, perClass, coefficientRows, indices,
            solutions.Select(s => s.Rho).ToArray(),
            withProbabilities ? solutions.Select(s => s.ProbabilityA!.Value).ToArray() : null,
            withProbabilities ? solutions.Select(s => s.ProbabilityB!.Value).ToArray() : null);
        var handle = new LibSvmModelHandle(model, ownedNodes: null);
        try
        {
            return (new LibSvmModel(handle), indices);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// An svm_model laid out as svm_load_model builds one (free_sv = 1, all support-vector nodes in one block at
    /// SV[0]), every part allocated with malloc (NativeMemory.Alloc is a thin wrapper over it), so that
    /// svm_free_and_destroy_model frees it like any loaded model.
    /// </summary>
    private static Model* NativeModel(LibSvmSettings settings, int[] labels, int[] perClass, double[][] coefficients,
        int[] indices, double[] rho, double[]? probabilityA, double[]? probabilityB)
    {
        var total = indices.Length;
        if (total == 0)
        {
            throw new InvalidOperationException("The pair solutions hold no support vector.");
        }

        var model = (Model*)NativeMemory.AllocZeroed((nuint)sizeof(Model));
        model->Param = (settings with { KernelType = PrecomputedKernel }).ToNative();
        model->NrClass = labels.Length;
        model->L = total;
        model->FreeSv = 1;
        var nodes = (Node*)NativeMemory.Alloc((nuint)(2 * total), (nuint)sizeof(Node));
        model->SV = (Node**)NativeMemory.Alloc((nuint)total, (nuint)sizeof(Node*));
        model->SvIndices = Copy(indices.Select(i => i + 1).ToArray());
        for (var s = 0; s < total; s++)
        {
            nodes[2 * s] = new Node { Index = 0, Value = s + 1 };
            nodes[(2 * s) + 1] = new Node { Index = -1 };
            model->SV[s] = nodes + (2 * s);
        }

        model->SvCoef = (double**)NativeMemory.Alloc((nuint)coefficients.Length, (nuint)sizeof(double*));
        for (var r = 0; r < coefficients.Length; r++)
        {
            model->SvCoef[r] = Copy(coefficients[r]);
        }

        model->Rho = Copy(rho);
        model->ProbA = probabilityA is null ? null : Copy(probabilityA);
        model->ProbB = probabilityB is null ? null : Copy(probabilityB);
        model->Label = Copy(labels);
        model->NSV = Copy(perClass);
        return model;
    }

    private static T* Copy<T>(T[] values)
        where T : unmanaged
    {
        var target = (T*)NativeMemory.Alloc((nuint)Math.Max(1, values.Length), (nuint)sizeof(T));
        values.AsSpan().CopyTo(new Span<T>(target, values.Length));
        return target;
    }
}
