using ExplainHub.Engine.Models;
using ExplainHub.Engine.Tests.Classical;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests.Scores;

/// <summary>A one-channel side×side two-class model whose answer is known: p(1) = σ(Σ w_i x_i + b).</summary>
internal sealed class LogisticToy(int side, float[] weights, double bias) : IClassifier
{
    public ModelInfo Info { get; } = ClassicalData.Info("logistic-toy", 2);

    public int Channels => 1;

    public int Height => side;

    public int Width => side;

    public int Calls { get; private set; }

    /// <summary>How long each image takes, to stand for a costly model (a large network).</summary>
    public TimeSpan DelayPerImage { get; init; }

    /// <summary>Added to p(1) in passes of more than one image: CPU kernels may answer an image in a batch a hair off its answer alone.</summary>
    public double BatchedShift { get; init; }

    public static LogisticToy Uniform(int side, double weight, double bias) =>
        new(side, Enumerable.Repeat((float)weight, side * side).ToArray(), bias);

    public double P1(ReadOnlySpan<float> image)
    {
        double z = bias;
        for (var i = 0; i < image.Length; i++)
        {
            z += weights[i] * image[i];
        }

        return 1 / (1 + Math.Exp(-z));
    }

    public float[] PredictProbabilities(ReadOnlySpan<float> images, int count)
    {
        Calls++;
        if (DelayPerImage > TimeSpan.Zero)
        {
            Thread.Sleep(DelayPerImage * count);
        }

        var pixels = side * side;
        var result = new float[count * 2];
        for (var i = 0; i < count; i++)
        {
            var p = P1(images.Slice(i * pixels, pixels)) + (count > 1 ? BatchedShift : 0);
            result[(i * 2) + 1] = (float)p;
            result[i * 2] = (float)(1 - p);
        }

        return result;
    }

    public void Save(string directory) => throw new NotSupportedException();

    public void Dispose()
    {
    }
}
