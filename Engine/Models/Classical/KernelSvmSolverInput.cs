namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// What LIBSVM's solver reads while it trains: the Gram matrix computed up front by BLAS (kernel_type
/// PRECOMPUTED; each kernel value is one memory read) or the sparse feature rows it evaluates its own kernel on
/// (each value a sparse dot product). Automatic takes the Gram matrix while its memory stays within
/// <see cref="KernelSvmModel.PrecomputedMemoryLimitBytes"/>. Both give the same model.
/// </summary>
public enum KernelSvmSolverInput
{
    Automatic,
    PrecomputedGram,
    SparseFeatures,
}
