using System.Runtime.CompilerServices;
using ExplainHub.Engine.Data;
using ExplainHub.Engine.Models;

namespace ExplainHub.Engine.Training;

/// <summary>Accuracy and predictions of any classifier over an image set, in inference-sized batches.</summary>
public static class Evaluation
{
    public const int BatchSize = 256;

    public static double Accuracy(IClassifier model, ImageSet images, CancellationToken cancellationToken = default)
    {
        var predicted = PredictClasses(model, images, cancellationToken);
        var correct = 0;
        for (var i = 0; i < predicted.Length; i++)
        {
            correct += predicted[i] == images.Labels[i] ? 1 : 0;
        }

        return images.Count == 0 ? 0 : (double)correct / images.Count;
    }

    public static int[] PredictClasses(IClassifier model, ImageSet images, CancellationToken cancellationToken = default)
    {
        var classes = model.Info.ClassNames.Count;
        var result = new int[images.Count];
        var batchSize = Math.Max(1, model.PredictionBatch);
        var assembler = new BatchAssembler(images, batchSize);
        var indices = new int[batchSize];
        for (var start = 0; start < images.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(batchSize, images.Count - start);
            for (var i = 0; i < count; i++)
            {
                indices[i] = start + i;
            }

            var batch = assembler.Gather(indices.AsSpan(0, count));
            var probabilities = model.PredictProbabilities(batch.Images.Span, count);
            for (var i = 0; i < count; i++)
            {
                result[start + i] = ArgMax(probabilities.AsSpan(i * classes, classes));
            }
        }

        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per image predicted
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
