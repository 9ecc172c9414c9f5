namespace ExplainHub.Engine.Native.LibSvm;

/// <summary>
/// One binary C-SVC solve over a pair problem (its first class +1, its second −1): y·α of every sample of the
/// problem, in the problem's order (0 for non-support vectors), rho, and Platt's A and B when fitted.
/// </summary>
internal sealed record LibSvmBinarySolution(double[] Coefficients, double Rho, double? ProbabilityA, double? ProbabilityB);
