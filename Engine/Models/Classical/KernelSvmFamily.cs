using ExplainHub.Shared;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>The kernel SVC on pixels (LIBSVM; kernel, C, gamma, degree, coef0 and Platt probabilities from <see cref="ClassicalOptions"/>).</summary>
public sealed class KernelSvmFamily : IModelFamily
{
    public string Kind => ModelKinds.KernelSvm;

    public IClassifier Fit(ModelInfo info, ImageShape shape, SampleMatrix samples, ClassicalOptions options, FitMonitor monitor)
    {
        var model = KernelSvmModel.Fit(samples, KernelSvmParameters.FromOptions(options), monitor);
        try
        {
            return KernelSvmClassifier.Create(info, shape, model);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public IClassifier Load(string directory) => KernelSvmClassifier.Load(directory);
}
