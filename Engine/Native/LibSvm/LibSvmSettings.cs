namespace ExplainHub.Engine.Native.LibSvm;

/// <summary>
/// The svm_parameter of a C-SVC: kernel_type (one of LibSvmNative's kernel constants), its parameters, C, the
/// stopping tolerance, LIBSVM's kernel-cache size and whether to fit Platt probabilities.
/// </summary>
internal sealed record LibSvmSettings(
    int KernelType,
    double Gamma,
    double Coef0,
    int Degree,
    double C,
    double Tolerance,
    double CacheMegabytes,
    bool Probability)
{
    public LibSvmNative.Parameter ToNative() => new()
    {
        SvmType = LibSvmNative.CSvc,
        KernelType = KernelType,
        Degree = Degree,
        Gamma = Gamma,
        Coef0 = Coef0,
        CacheSize = CacheMegabytes,
        Eps = Tolerance,
        C = C,
        Shrinking = 1,
        Probability = Probability ? 1 : 0,
    };
}
