using ExplainHub.Shared;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>PCA (libtorch LAPACK) + one-vs-rest linear SVM (LIBLINEAR) in component space.</summary>
public sealed class PcaSvmFamily : IModelFamily
{
    public string Kind => ModelKinds.PcaSvm;

    public IClassifier Fit(ModelInfo info, ImageShape shape, SampleMatrix samples, ClassicalOptions options, FitMonitor monitor)
    {
        monitor.Step("pca", 0, 1);
        var projection = PcaProjection.Fit(samples, options.Components);
        monitor.Step("pca", 1, 1);
        var svm = LinearSvmModel.Fit(projection.Transform(samples), options.C, monitor);
        return new PcaSvmClassifier(info, shape, projection, svm);
    }

    public IClassifier Load(string directory) => PcaSvmClassifier.Load(directory);
}
