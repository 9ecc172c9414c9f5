using ExplainHub.Shared;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>The one-vs-rest linear SVM on pixels (LIBLINEAR).</summary>
public sealed class LinearSvmFamily : IModelFamily
{
    public string Kind => ModelKinds.LinearSvm;

    public IClassifier Fit(ModelInfo info, ImageShape shape, SampleMatrix samples, ClassicalOptions options, FitMonitor monitor) =>
        new LinearSvmClassifier(info, shape, LinearSvmModel.Fit(samples, options.C, monitor));

    public IClassifier Load(string directory) => LinearSvmClassifier.Load(directory);
}
