namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// What model.json records of a kernel SVC: the kernel (gamma resolved), C, the class count (classes absent from
/// training included), the feature dimension and the support vectors' training indices. The LIBSVM model file
/// (precomputed form: support-vector serials, dual coefficients, rho, Platt's A and B, all %.17g) and the support
/// vectors' features (float32) live beside it.
/// </summary>
public sealed record KernelSvmDetails(
    string Kernel,
    double Gamma,
    double Coef0,
    int Degree,
    double C,
    int Classes,
    int Dimension,
    int[] SupportVectorIndices)
{
    public const string LibSvmModelFile = "libsvm.model";
    public const string SupportVectorsFile = "support-vectors.f32";
}
