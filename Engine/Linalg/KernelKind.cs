namespace ExplainHub.Engine.Linalg;

/// <summary>Kernel functions as LIBSVM defines them.</summary>
public enum KernelKind
{
    Linear,
    Poly,
    Rbf,
    Sigmoid,
}
