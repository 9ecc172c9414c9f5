using ExplainHub.Shared;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>SVM+Mask: LIBLINEAR on images masked to the top rho of the network <see cref="ClassicalOptions.SourceModelId"/>'s CAM.</summary>
public sealed class SvmMaskFamily(Func<string, IClassifier>? findModel = null) : ISourcedFamily
{
    public string Kind => ModelKinds.SvmMask;

    public IModelFamily WithSources(Func<string, IClassifier> findModel) => new SvmMaskFamily(findModel);

    public IClassifier Fit(ModelInfo info, ImageShape shape, SampleMatrix samples, ClassicalOptions options, FitMonitor monitor) =>
        SourceNetwork.FitOnCopy(findModel, options.SourceModelId, Kind, shape, info.ClassNames.Count, source =>
        {
            var masked = SvmMaskClassifier.Mask(source, samples.Values, samples.Count, options.MaskFraction, monitor);
            var svm = LinearSvmModel.Fit(new SampleMatrix(masked, samples.Labels, samples.Dimension, samples.Classes), options.C, monitor);
            return new SvmMaskClassifier(info, shape, source, options.MaskFraction, svm);
        });

    public IClassifier Load(string directory) => SvmMaskClassifier.Load(directory);
}
