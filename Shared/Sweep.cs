namespace ExplainHub.Shared;

/// <summary>The classical setting a sweep varies (seed 000 Figures 1–7).</summary>
public enum SweepParameter
{
    /// <summary>Random forest trees or AdaBoost rounds.</summary>
    Estimators,

    /// <summary>Tree depth limit.</summary>
    MaxDepth,

    /// <summary>PCA or kernel-PCA components.</summary>
    Components,

    /// <summary>SVM kernel: linear, poly, rbf, sigmoid.</summary>
    Kernel,

    /// <summary>SVM regularisation C.</summary>
    C,
}

/// <summary>
/// Train <see cref="Base"/> once per value of <see cref="Parameter"/>, everything else fixed, and score each fit on
/// the test split. Values are written as on the command line: whole numbers for counts, numbers for C, kernel names.
/// </summary>
public sealed record SweepRequest(TrainRequest Base, SweepParameter Parameter, IReadOnlyList<string> Values);

/// <summary>
/// One finished point of a sweep. <see cref="SupportVectors"/> is set for SVC kinds, <see cref="ExplainedVariance"/>
/// for PCA kinds.
/// </summary>
public sealed record SweepPoint(
    int Index,
    string Value,
    double TestAccuracy,
    double TrainAccuracy,
    double FitSeconds,
    int? SupportVectors = null,
    double? ExplainedVariance = null);

/// <summary>Sweep parameters as the CLI and the UI spell them: estimators, max-depth, components, kernel, c.</summary>
public static class SweepParameterNames
{
    public static IReadOnlyList<string> All { get; } = Enum.GetValues<SweepParameter>().Select(Name).ToArray();

    public static string Name(SweepParameter parameter) => parameter switch
    {
        SweepParameter.MaxDepth => "max-depth",
        _ => parameter.ToString().ToLowerInvariant(),
    };

    /// <summary>The kinds whose settings include <paramref name="parameter"/>.</summary>
    public static IReadOnlyList<string> KindsFor(SweepParameter parameter) => parameter switch
    {
        SweepParameter.Estimators or SweepParameter.MaxDepth => [ModelKinds.RandomForest, ModelKinds.AdaBoost],
        SweepParameter.Components => [ModelKinds.PcaSvm, ModelKinds.PcaKernelSvm, ModelKinds.KernelPcaSvm],
        SweepParameter.Kernel => [ModelKinds.KernelSvm, ModelKinds.PcaKernelSvm, ModelKinds.KernelPcaSvm],
        SweepParameter.C =>
            [ModelKinds.LinearSvm, ModelKinds.KernelSvm, ModelKinds.PcaSvm, ModelKinds.PcaKernelSvm, ModelKinds.KernelPcaSvm, ModelKinds.CnnSvm, ModelKinds.SvmMask],
        _ => [],
    };

    public static SweepParameter? Parse(string text) =>
        Enum.GetValues<SweepParameter>().Cast<SweepParameter?>()
            .FirstOrDefault(p => string.Equals(Name(p!.Value), text.Trim(), StringComparison.OrdinalIgnoreCase));
}
