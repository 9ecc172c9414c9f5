using ExplainHub.Engine.Models;
using ExplainHub.Shared;

namespace ExplainHub.Bench;

/// <summary>
/// Test-time augmentation for the tuned recipe: the mean of a model's probabilities for each image and its mirror
/// image (left–right), the counterpart at test time of training with random flips.
/// </summary>
internal sealed class FlipAveragedClassifier(IClassifier inner) : IClassifier
{
    public ModelInfo Info => inner.Info;

    public int Channels => inner.Channels;

    public int Height => inner.Height;

    public int Width => inner.Width;

    public float[] PredictProbabilities(ReadOnlySpan<float> images, int count)
    {
        var mirrored = new float[images.Length];
        for (var row = 0; row < images.Length / Width; row++)
        {
            var source = images.Slice(row * Width, Width);
            var target = mirrored.AsSpan(row * Width, Width);
            for (var x = 0; x < Width; x++)
            {
                target[x] = source[Width - 1 - x];
            }
        }

        var plain = inner.PredictProbabilities(images, count);
        var flipped = inner.PredictProbabilities(mirrored, count);
        for (var i = 0; i < plain.Length; i++)
        {
            plain[i] = (plain[i] + flipped[i]) / 2;
        }

        return plain;
    }

    public void Save(string directory) => throw new NotSupportedException("A test-time wrapper is not a model to save.");

    public void Dispose()
    {
    }
}
