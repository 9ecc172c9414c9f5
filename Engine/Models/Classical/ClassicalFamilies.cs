namespace ExplainHub.Engine.Models.Classical;

/// <summary>Every classical model family the engine can train and load, by kind.</summary>
public static class ClassicalFamilies
{
    public static readonly IReadOnlyList<IModelFamily> All =
    [
        new LinearSvmFamily(),
        new PcaSvmFamily(),
        new KernelPcaSvmFamily(),
        new KernelSvmFamily(),
        new PcaKernelSvmFamily(),
        new RandomForestFamily(),
        new AdaBoostFamily(),
        new CnnSvmFamily(),
        new SvmMaskFamily(),
    ];

    public static IModelFamily? Find(string kind) => All.FirstOrDefault(f => f.Kind == kind);
}
