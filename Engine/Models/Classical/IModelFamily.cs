using ExplainHub.Shared;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// One classical model family (LIBLINEAR SVM, LIBSVM SVC, PCA+SVM, XGBoost forests, AdaBoost): how it is fitted
/// from samples and loaded back from the directory its classifier saved itself to.
/// </summary>
public interface IModelFamily
{
    string Kind { get; }

    /// <summary>Fits on <paramref name="samples"/>; throws <see cref="OperationCanceledException"/> when the monitor's token fires.</summary>
    IClassifier Fit(ModelInfo info, ImageShape shape, SampleMatrix samples, ClassicalOptions options, FitMonitor monitor);

    IClassifier Load(string directory);
}
