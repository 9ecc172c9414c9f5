using ExplainHub.Shared;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>The <see cref="ModelFacts"/> of a trained model, by what it is made of; null for kinds with none.</summary>
public static class ModelFactsOf
{
    public static ModelFacts? Model(IClassifier model) => model switch
    {
        KernelSvmClassifier svc => Svc(svc.Model),
        PcaKernelSvmClassifier pca => Svc(pca.Svm) with { Components = pca.Projection.Components, ExplainedVariance = pca.Projection.ExplainedVarianceRatio },
        PcaSvmClassifier pca => new ModelFacts(Components: pca.Projection.Components, ExplainedVariance: pca.Projection.ExplainedVarianceRatio),
        KernelPcaSvmClassifier kernelPca => new ModelFacts(Components: kernelPca.Projection.Components),
        ITreeContributionModel forest => new ModelFacts(Trees: forest.TreeCount),
        AdaBoostClassifier boost => new ModelFacts(Trees: boost.RoundCount),
        HybridClassifier hybrid => new ModelFacts(SourceModelId: hybrid.Source.Info.Id),
        _ => null,
    };

    private static ModelFacts Svc(KernelSvmModel svm) => new(svm.SupportVectorCount, svm.SupportVectorsPerClass.ToArray());
}
