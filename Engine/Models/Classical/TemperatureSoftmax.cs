using System.Runtime.CompilerServices;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// Probabilities from decision values: softmax(s / T) with one temperature T fitted on the training set by
/// minimising the negative log-likelihood (temperature scaling, Guo et al. 2017). SVM margins are not
/// probabilities, but SCG/CCG need a probability from every model; one scalar keeps the ranking of the SVM's
/// decision (argmax unchanged) and makes confident margins confident.
/// </summary>
public static class TemperatureSoftmax
{
    /// <summary>T in [1e-3, 1e3] minimising the mean NLL of <paramref name="scores"/> (count×classes) for <paramref name="labels"/>.</summary>
    public static double Fit(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels, int classes)
    {
        // The NLL is convex in 1/T; a golden-section search over log T is exact enough and needs no gradient.
        double low = Math.Log(1e-3), high = Math.Log(1e3);
        var ratio = (Math.Sqrt(5) - 1) / 2;
        var a = high - (ratio * (high - low));
        var b = low + (ratio * (high - low));
        var fa = Loss(scores, labels, classes, Math.Exp(a));
        var fb = Loss(scores, labels, classes, Math.Exp(b));
        for (var i = 0; i < 60; i++)
        {
            if (fa < fb)
            {
                high = b;
                b = a;
                fb = fa;
                a = high - (ratio * (high - low));
                fa = Loss(scores, labels, classes, Math.Exp(a));
            }
            else
            {
                low = a;
                a = b;
                fa = fb;
                b = low + (ratio * (high - low));
                fb = Loss(scores, labels, classes, Math.Exp(b));
            }
        }

        return Math.Exp((low + high) / 2);
    }

    /// <summary>softmax(scores / temperature) per row, as floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per prediction batch: no time to wait for tiering
    public static float[] Apply(ReadOnlySpan<double> scores, int classes, double temperature)
    {
        var result = new float[scores.Length];
        var row = new double[classes];
        for (var start = 0; start < scores.Length; start += classes)
        {
            Softmax(scores.Slice(start, classes), temperature, row);
            for (var c = 0; c < classes; c++)
            {
                result[start + c] = (float)row[c];
            }
        }

        return result;
    }

    private static double Loss(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels, int classes, double temperature)
    {
        double total = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var row = scores.Slice(i * classes, classes);
            var max = double.NegativeInfinity;
            foreach (var s in row)
            {
                max = Math.Max(max, s / temperature);
            }

            double sum = 0;
            foreach (var s in row)
            {
                sum += Math.Exp((s / temperature) - max);
            }

            total += max + Math.Log(sum) - (row[labels[i]] / temperature);
        }

        return total / Math.Max(1, labels.Length);
    }

    private static void Softmax(ReadOnlySpan<double> row, double temperature, Span<double> output)
    {
        var max = double.NegativeInfinity;
        foreach (var s in row)
        {
            max = Math.Max(max, s / temperature);
        }

        double sum = 0;
        for (var c = 0; c < row.Length; c++)
        {
            output[c] = Math.Exp((row[c] / temperature) - max);
            sum += output[c];
        }

        for (var c = 0; c < row.Length; c++)
        {
            output[c] /= sum;
        }
    }
}
