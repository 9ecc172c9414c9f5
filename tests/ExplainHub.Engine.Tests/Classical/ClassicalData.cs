using ExplainHub.Engine.Models;
using ExplainHub.Engine.Models.Classical;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests.Classical;

/// <summary>Feature sets for the classical models whose right answer is known by construction.</summary>
public static class ClassicalData
{
    /// <summary>The share of rows whose most probable class (first on ties) is their label.</summary>
    public static double Accuracy(float[] probabilities, int[] labels)
    {
        var classes = probabilities.Length / labels.Length;
        var correct = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var row = probabilities.AsSpan(i * classes, classes);
            var best = 0;
            for (var c = 1; c < classes; c++)
            {
                best = row[c] > row[best] ? c : best;
            }

            correct += best == labels[i] ? 1 : 0;
        }

        return (double)correct / labels.Length;
    }

    public static double Accuracy(IClassifier model, SampleMatrix samples) =>
        Accuracy(model.PredictProbabilities(samples.Values, samples.Count), samples.Labels);

    public static ModelInfo Info(string kind, int classes) =>
        new("m-test", "test", kind, "synthetic", Enumerable.Range(0, classes).Select(c => $"class {c}").ToArray(), null, 0, DateTimeOffset.UtcNow);

    /// <summary>
    /// Two classes on either side of the hyperplane direction·(x − ½) = 0 in [0,1]^d, with a margin of 0.05 around it.
    /// </summary>
    public static SampleMatrix Separable(int count, float[] direction, int seed)
    {
        var random = new Random(seed);
        var d = direction.Length;
        var values = new List<float>(count * d);
        var labels = new List<int>(count);
        var norm = Math.Sqrt(direction.Sum(v => (double)v * v));
        var x = new float[d];
        while (labels.Count < count)
        {
            double projection = 0;
            for (var j = 0; j < d; j++)
            {
                x[j] = (float)random.NextDouble();
                projection += direction[j] * (x[j] - 0.5);
            }

            projection /= norm;
            if (Math.Abs(projection) < 0.05)
            {
                continue;
            }

            values.AddRange(x);
            labels.Add(projection > 0 ? 1 : 0);
        }

        return new SampleMatrix(values.ToArray(), labels.ToArray(), d, 2);
    }

    /// <summary>
    /// Class c lights up its own block of <paramref name="blockSize"/> pixels (value ≈ 0.9) over faint noise (≤ 0.2).
    /// </summary>
    public static SampleMatrix Blocks(int count, int classes, int blockSize, int seed, int extraPixels = 4)
    {
        var random = new Random(seed);
        var d = (classes * blockSize) + extraPixels;
        var values = new float[count * d];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            var label = i % classes;
            labels[i] = label;
            for (var j = 0; j < d; j++)
            {
                values[(i * d) + j] = (float)(random.NextDouble() * 0.2);
            }

            for (var j = 0; j < blockSize; j++)
            {
                values[(i * d) + (label * blockSize) + j] = (float)(0.8 + (random.NextDouble() * 0.2));
            }
        }

        return new SampleMatrix(values, labels, d, classes);
    }
}
