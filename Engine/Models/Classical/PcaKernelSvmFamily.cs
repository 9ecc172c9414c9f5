using ExplainHub.Shared;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>PCA (libtorch LAPACK) + kernel SVC (LIBSVM) on the components; gamma "scale" is resolved in component space.</summary>
public sealed class PcaKernelSvmFamily : IModelFamily
{
    public string Kind => ModelKinds.PcaKernelSvm;

    public IClassifier Fit(ModelInfo info, ImageShape shape, SampleMatrix samples, ClassicalOptions options, FitMonitor monitor)
    {
        monitor.Step("pca", 0, 1);
        var projection = PcaProjection.Fit(samples, options.Components);
        monitor.Step("pca", 1, 1);
        var svm = KernelSvmModel.Fit(projection.Transform(samples), KernelSvmParameters.FromOptions(options), monitor);
        try
        {
            return new PcaKernelSvmClassifier(info, shape, projection, svm);
        }
        catch
        {
            svm.Dispose();
            throw;
        }
    }

    public IClassifier Load(string directory) => PcaKernelSvmClassifier.Load(directory);
}
