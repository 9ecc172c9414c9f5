using ExplainHub.Shared;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>CNN+SVM: LIBLINEAR on the standardised GAP features of the network <see cref="ClassicalOptions.SourceModelId"/>.</summary>
public sealed class CnnSvmFamily(Func<string, IClassifier>? findModel = null) : ISourcedFamily
{
    public string Kind => ModelKinds.CnnSvm;

    public IModelFamily WithSources(Func<string, IClassifier> findModel) => new CnnSvmFamily(findModel);

    public IClassifier Fit(ModelInfo info, ImageShape shape, SampleMatrix samples, ClassicalOptions options, FitMonitor monitor) =>
        SourceNetwork.FitOnCopy(findModel, options.SourceModelId, Kind, shape, info.ClassNames.Count, source =>
        {
            var features = SourceNetwork.Features(source, samples.Values, samples.Count, monitor);
            var k = features.Length / samples.Count;
            var scaling = FeatureScaling.Fit(features, samples.Count, k);
            var svm = LinearSvmModel.Fit(new SampleMatrix(scaling.Apply(features), samples.Labels, k, samples.Classes), options.C, monitor);
            return new CnnSvmClassifier(info, shape, source, scaling, svm);
        });

    public IClassifier Load(string directory) => CnnSvmClassifier.Load(directory);
}
