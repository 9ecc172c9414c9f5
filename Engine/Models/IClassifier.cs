using ExplainHub.Shared;

namespace ExplainHub.Engine.Models;

/// <summary>
/// A trained classifier of any family. Probabilities are softmax/calibrated class probabilities so that
/// metrics (SCG/CCG, accuracy) treat every model alike (DESIGN §3).
/// </summary>
public interface IClassifier : IDisposable
{
    ModelInfo Info { get; }

    int Channels { get; }

    int Height { get; }

    int Width { get; }

    /// <summary>Count×Classes probabilities for <paramref name="count"/> images scaled to [0,1], C×H×W each.</summary>
    float[] PredictProbabilities(ReadOnlySpan<float> images, int count);

    /// <summary>
    /// How many images a bulk prediction (accuracy over a split) hands over per call: what a network's activations
    /// allow by default; a model that gains from more at once and holds little per image says so.
    /// </summary>
    int PredictionBatch => 256;

    void Save(string directory);
}
