using ExplainHub.Engine.Native;
using ExplainHub.Engine.Linalg;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// Settings of a kernel SVC fit. Defaults are scikit-learn's SVC: C = 1, rbf, gamma "scale" (null:
/// 1 / (features · variance of all training values)), degree 3, coef0 0, tolerance 1e-3, a 200 MB kernel cache and
/// no Platt probabilities.
/// </summary>
public sealed record KernelSvmParameters(
    KernelKind Kernel = KernelKind.Rbf,
    double C = 1.0,
    double? Gamma = null,
    int Degree = 3,
    double Coef0 = 0,
    bool Probabilities = false,
    KernelSvmSolverInput SolverInput = KernelSvmSolverInput.Automatic,
    double Tolerance = 1e-3,
    double CacheMegabytes = 200)
{
    public static KernelSvmParameters FromOptions(ClassicalOptions options) =>
        new(ParseKernel(options.Kernel), options.C, options.Gamma, options.Degree, options.Coef0, options.Probabilities);

    /// <summary>linear, poly, rbf or sigmoid (any case); anything else is refused with the list of choices.</summary>
    public static KernelKind ParseKernel(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "linear" => KernelKind.Linear,
        "poly" => KernelKind.Poly,
        "rbf" => KernelKind.Rbf,
        "sigmoid" => KernelKind.Sigmoid,
        _ => throw new EngineException(EngineErrorKind.InvalidRequest,
            $"Unknown SVM kernel '{name}': choose linear, poly, rbf or sigmoid."),
    };

    /// <summary>The kernel with gamma resolved: the given value, or scikit-learn's "scale" on <paramref name="samples"/> (1 when they have no variance).</summary>
    public KernelFunction ResolveKernel(SampleMatrix samples)
    {
        var gamma = Gamma;
        if (gamma is null)
        {
            var variance = samples.Variance();
            gamma = variance > 0 ? 1.0 / (samples.Dimension * variance) : 1.0;
        }

        return new KernelFunction(Kernel, gamma.Value, Coef0, Degree);
    }
}
