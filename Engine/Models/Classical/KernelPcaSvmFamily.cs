using ExplainHub.Engine.Native;
using ExplainHub.Engine.Linalg;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>Kernel PCA on a fit subset (libtorch LAPACK) + one-vs-rest linear SVM (LIBLINEAR) on every training image's components.</summary>
public sealed class KernelPcaSvmFamily : IModelFamily
{
    public string Kind => ModelKinds.KernelPcaSvm;

    public IClassifier Fit(ModelInfo info, ImageShape shape, SampleMatrix samples, ClassicalOptions options, FitMonitor monitor)
    {
        var kernel = KernelOf(options, samples.Dimension);
        var fitSet = EvenlySpaced(samples, options.KernelPcaFitSubset);
        monitor.Step("kernel pca", 0, 2);
        var projection = KernelPcaProjection.Fit(fitSet, Math.Min(options.Components, fitSet.Count), kernel, options.PreImageRidge);
        monitor.Step("kernel pca", 1, 2);
        var components = projection.Transform(samples);
        monitor.Step("kernel pca", 2, 2);
        return new KernelPcaSvmClassifier(info, shape, projection, LinearSvmModel.Fit(components, options.C, monitor));
    }

    public IClassifier Load(string directory) => KernelPcaSvmClassifier.Load(directory);

    /// <summary>scikit-learn's KernelPCA default gamma is 1 / features (not SVC's "scale").</summary>
    public static KernelFunction KernelOf(ClassicalOptions options, int dimension) =>
        new(Enum.Parse<KernelKind>(options.Kernel, ignoreCase: true), options.Gamma ?? 1.0 / dimension, options.Coef0, options.Degree);

    /// <summary>
    /// Every (n/size)-th sample: deterministic, and balanced over classes even when the samples are ordered by class
    /// (as the Fashion-MNIST split is), which the first <paramref name="size"/> would not be.
    /// </summary>
    public static SampleMatrix EvenlySpaced(SampleMatrix samples, int size)
    {
        if (size >= samples.Count)
        {
            return samples;
        }

        var values = new float[(long)size * samples.Dimension];
        var labels = new int[size];
        for (var i = 0; i < size; i++)
        {
            var source = (int)((long)i * samples.Count / size);
            samples.Row(source).CopyTo(values.AsSpan(i * samples.Dimension, samples.Dimension));
            labels[i] = samples.Labels[source];
        }

        return new SampleMatrix(values, labels, samples.Dimension, samples.Classes);
    }
}
