using ExplainHub.Engine.Models;

namespace ExplainHub.Engine.Explain;

/// <summary>
/// A method that says, per pixel, how much an image region matters to a model's decision. Methods declare
/// which models they apply to, so the UI offers only what fits and metrics can take any of them.
/// </summary>
public interface IImportanceFunction
{
    string Method { get; }

    bool AppliesTo(IClassifier model);

    /// <summary>
    /// Raw signed maps (Count×H×W) for images scaled to [0,1]; <paramref name="targets"/>[i] &lt; 0 means the
    /// predicted class. Returns the classes explained and the model's probabilities alongside.
    /// </summary>
    RawImportance Explain(IClassifier model, ReadOnlySpan<float> images, ReadOnlySpan<long> targets);
}
