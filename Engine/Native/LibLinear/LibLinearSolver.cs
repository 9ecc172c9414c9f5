using System.Runtime.InteropServices;
using static ExplainHub.Engine.Native.LibLinear.LibLinearNative;

namespace ExplainHub.Engine.Native.LibLinear;

/// <summary>The weight vector and intercept of one binary LIBLINEAR solve (positive class = +1).</summary>
internal sealed record BinaryLinearSolution(double[] Weights, double Intercept);

/// <summary>
/// One binary L2-regularised squared-hinge SVM solve through LIBLINEAR (what scikit-learn's LinearSVC runs per
/// class): labels ±1 over shared sparse rows, the intercept learned as the weight of a constant feature
/// (LIBLINEAR's bias, regularised like scikit-learn's intercept_scaling = 1).
/// </summary>
internal static unsafe class LibLinearSolver
{
    private static int silenced;

    public static BinaryLinearSolution Solve(SparseRows rows, ReadOnlySpan<bool> positive, double c, double tolerance)
    {
        Silence();
        var y = (double*)NativeMemory.Alloc((nuint)rows.Count, sizeof(double));
        try
        {
            for (var i = 0; i < rows.Count; i++)
            {
                y[i] = positive[i] ? 1 : -1;
            }

            var problem = new Problem
            {
                L = rows.Count,
                N = rows.Dimension + (rows.Bias >= 0 ? 1 : 0),
                Y = y,
                X = rows.Rows,
                Bias = rows.Bias,
            };
            var parameter = new Parameter { SolverType = L2RegularizedSquaredHingeDual, Eps = tolerance, C = c };
            var error = CheckParameter(&problem, &parameter);
            if (error != null)
            {
                throw new ArgumentException("LIBLINEAR: " + Marshal.PtrToStringUTF8((IntPtr)error));
            }

            var model = Train(&problem, &parameter);
            if (model == null)
            {
                throw new InvalidOperationException("LIBLINEAR's train returned no model.");
            }

            try
            {
                // A binary model holds one w for label[0]; labels are ordered by first appearance, so −1 may come first.
                var sign = model->Label[0] == 1 ? 1.0 : -1.0;
                var weights = new double[rows.Dimension];
                for (var j = 0; j < weights.Length; j++)
                {
                    weights[j] = sign * model->W[j];
                }

                var intercept = rows.Bias >= 0 ? sign * model->W[rows.Dimension] * rows.Bias : 0;
                return new BinaryLinearSolution(weights, intercept);
            }
            finally
            {
                FreeAndDestroyModel(&model);
            }
        }
        finally
        {
            NativeMemory.Free(y);
        }
    }

    private static void Silence()
    {
        if (Interlocked.Exchange(ref silenced, 1) == 0)
        {
            SetPrintStringFunction(&Quiet);
        }
    }

    [UnmanagedCallersOnly]
    private static void Quiet(byte* message)
    {
    }
}
