namespace ExplainHub.Engine.Native.LibSvm;

/// <summary>
/// The parts of an svm_model that managed code reads, copied out: the labels in LIBSVM's class order, support
/// vectors per class in that order (the support vectors are grouped by class), sv_coef ((classes−1)×SVs: column s
/// holds support vector s's y·α in each of the one-vs-one problems its class takes part in), rho per pair
/// (pairs (i, j), i &lt; j, in order) and whether Platt parameters (probA/probB) are present.
/// </summary>
internal sealed record LibSvmModelSummary(
    int[] Labels,
    int[] SupportVectorsPerClass,
    double[][] Coefficients,
    double[] Rho,
    bool HasProbability)
{
    public int SupportVectorCount => SupportVectorsPerClass.Sum();

    public int PairCount => Rho.Length;
}
