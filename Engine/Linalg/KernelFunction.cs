namespace ExplainHub.Engine.Linalg;

/// <summary>A kernel with its parameters: linear u·v, poly (γu·v+c₀)^d, rbf exp(−γ|u−v|²), sigmoid tanh(γu·v+c₀).</summary>
public sealed record KernelFunction(KernelKind Kind, double Gamma, double Coef0 = 0, int Degree = 3)
{
    /// <summary>The kernel's name as LIBSVM and scikit-learn write it.</summary>
    public string NativeName => Kind.ToString().ToLowerInvariant();
}
