using ExplainHub.Engine.Data;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// Count×Dimension float samples (row-major; images as pixels scaled to [0,1]) with labels 0..Classes−1: what
/// the classical solvers train on. Construction refuses what no solver can use, with a message saying why.
/// </summary>
public sealed class SampleMatrix
{
    public SampleMatrix(float[] values, int[] labels, int dimension, int classes)
    {
        if (dimension <= 0)
        {
            throw Invalid($"Samples need at least one feature, not {dimension}.");
        }

        if (labels.Length == 0 || values.Length != (long)labels.Length * dimension)
        {
            throw Invalid($"{labels.Length} samples of {dimension} features need {(long)labels.Length * dimension} values, got {values.Length}: the images do not all have the same shape.");
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw Invalid($"Sample {i / dimension} has a NaN or infinite value at feature {i % dimension}; clean the data before training.");
            }
        }

        var seen = new bool[classes];
        foreach (var label in labels)
        {
            if (label < 0 || label >= classes)
            {
                throw Invalid($"Label {label} is outside 0..{classes - 1}.");
            }

            seen[label] = true;
        }

        if (seen.Count(s => s) < 2)
        {
            throw Invalid("The training set holds only one class; a classifier needs at least two.");
        }

        Values = values;
        Labels = labels;
        Dimension = dimension;
        Classes = classes;
    }

    public float[] Values { get; }

    public int[] Labels { get; }

    public int Count => Labels.Length;

    public int Dimension { get; }

    public int Classes { get; }

    public ReadOnlySpan<float> Row(int index) => Values.AsSpan(index * Dimension, Dimension);

    /// <summary>The same samples restricted to <paramref name="columns"/>, in that order.</summary>
    public SampleMatrix Columns(IReadOnlyList<int> columns) =>
        new(GatherColumns(Values, Count, Dimension, columns), Labels, columns.Count, Classes);

    /// <summary>count rows of dimension values, each cut down to <paramref name="columns"/>.</summary>
    public static float[] GatherColumns(ReadOnlySpan<float> rows, int count, int dimension, IReadOnlyList<int> columns)
    {
        var result = new float[(long)count * columns.Count];
        for (var i = 0; i < count; i++)
        {
            var row = rows.Slice(i * dimension, dimension);
            var target = result.AsSpan(i * columns.Count, columns.Count);
            for (var j = 0; j < columns.Count; j++)
            {
                target[j] = row[columns[j]];
            }
        }

        return result;
    }

    /// <summary>The images of <paramref name="images"/> as rows of pixels / 255 (scikit-learn's usual input).</summary>
    public static SampleMatrix FromImages(ImageSet images, int classes)
    {
        var values = new float[(long)images.Count * images.ImageSize];
        for (var i = 0; i < images.Count; i++)
        {
            images.CopyScaled(i, values.AsSpan(i * images.ImageSize, images.ImageSize));
        }

        return new SampleMatrix(values, images.Labels, images.ImageSize, classes);
    }

    /// <summary>Population variance of every value, for scikit-learn's gamma = "scale".</summary>
    public double Variance()
    {
        double sum = 0, squares = 0;
        foreach (var v in Values)
        {
            sum += v;
            squares += (double)v * v;
        }

        var mean = sum / Values.Length;
        return Math.Max(0, (squares / Values.Length) - (mean * mean));
    }

    private static EngineException Invalid(string message) => new(EngineErrorKind.InvalidRequest, message);
}
