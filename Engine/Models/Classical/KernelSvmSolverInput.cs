namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// What LIBSVM's solver reads while it trains, and who runs the one-vs-one loop:
/// <list type="bullet">
/// <item><see cref="PrecomputedGram"/>: the class-grouped Gram matrix computed up front by BLAS (kernel_type
/// PRECOMPUTED; each kernel value one memory read), one binary solve per pair, pairs in parallel;</item>
/// <item><see cref="SparsePairs"/>: one binary solve per pair on the pair's own sparse feature rows with LIBSVM's
/// kernel and kernel cache, pairs in parallel: no n² matrix, and only the kernel rows the solver asks for;</item>
/// <item><see cref="SparseFeatures"/>: LIBSVM's own svm_train loop on all rows, one pair after another.</item>
/// </list>
/// Automatic takes the Gram matrix for wide inputs (where a BLAS kernel row beats LIBSVM's sparse dot products)
/// while its memory stays within <see cref="KernelSvmModel.PrecomputedMemoryLimitBytes"/>, else sparse pairs.
/// All give the same model.
/// </summary>
public enum KernelSvmSolverInput
{
    Automatic,
    PrecomputedGram,
    SparseFeatures,
    SparsePairs,
}
