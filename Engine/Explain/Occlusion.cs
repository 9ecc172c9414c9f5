using System.Globalization;
using ExplainHub.Engine.Models;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Explain;

/// <summary>
/// Occlusion (seed 002 §3, eq. 1; Zeiler and Fergus 2014): a gray square patch slides over the image with a given
/// stride and every occluded copy I_o,j goes through the model, so it explains any classifier — kernel SVMs,
/// forests and hybrids included. H = 1 − (Σ_j p(I_o,j = y)·O_j) / (Σ_j O_j), O_j the patch's indicator: a pixel
/// whose occlusion leaves the model unsure of y is important. Eq. 1 as printed weights by the visibility mask
/// V_j = 1 − O_j over J, which ranks those pixels lowest, against the seed's own words ("regions that cause large
/// confidence drops as more important"); dividing by the patches that cover a pixel keeps borders, which fewer
/// patches cover, comparable. The raw map is the confidence drop p(I = y) − mean_j p(I_o,j = y) over covering patches.
/// A network computes each copy's changed cells only (<see cref="Networks.IncrementalOcclusion"/>, same numbers);
/// any other model classifies the copies whole.
/// </summary>
public sealed class Occlusion : IImportanceFunction
{
    public const string PatchParameter = "patch";
    public const string StrideParameter = "stride";
    public const string FillParameter = "fill";

    /// <summary>Occluded copies per call into the model, at most; fewer for large images.</summary>
    public const int CopiesPerBatch = 512;

    private const long FloatsPerBatch = 32L << 20;

    /// <summary>Occluded copies a network computes incrementally in one call (their windows are held for every layer).</summary>
    private const int IncrementalCopies = 128;

    // Each incremental call also runs the unoccluded image and checks its walk against the network, about two whole
    // passes. Measured on ResNet-18 (2 cores): 784 copies of 1 px on 28×28 took 2.0 s incrementally, 2.9 s whole;
    // 121 copies of 8 px on 48×48 1.4× faster; 64 copies of 6 px on 28×28 the same either way; 9 copies of 12 px on
    // 28×28 94 ms against 62 ms whole (and whole copies of several images share a batch).
    private const int IncrementalMinimumCopies = 100;

    public MethodInfo Info { get; } = new(
        ExplanationMethods.Occlusion,
        "Occlusion",
        "seed 002 eq. 1; Zeiler and Fergus 2014",
        "only predictions (any model)",
        [
            new(PatchParameter, MethodParameterKind.Text, "8", "patch side in pixels (8) or as a share of the shorter image side (10%); the seed uses 10, 50 and 100 px on 227 px images"),
            new(StrideParameter, MethodParameterKind.Text, "4", "step between patches, in pixels or %, at most the patch side"),
            new(FillParameter, MethodParameterKind.Choice, "gray", "what covers the patch: gray (0.5), black (0) or the image's mean", Choices: ["gray", "black", "mean"]),
        ]);

    public string? WhyNot(IClassifier model) => null;

    public void CheckFor(IClassifier model, MethodSettings settings) => _ = PatchAndStride(model, settings);

    /// <summary>
    /// The patch side and stride in pixels for <paramref name="model"/>'s images. Defaults shrink to fit a small
    /// image; a patch the caller gave that is larger than the image is refused (it would occlude everything at once and
    /// make a constant map).
    /// </summary>
    internal static (int Patch, int Stride) PatchAndStride(IClassifier model, MethodSettings settings)
    {
        var side = Math.Min(model.Height, model.Width);
        var patch = Size(settings.Text(PatchParameter), side, PatchParameter);
        if (patch > side)
        {
            if (settings.IsGiven(PatchParameter))
            {
                throw new EngineException(EngineErrorKind.InvalidRequest,
                    $"occlusion's patch ({patch} px) is larger than the {model.Width}×{model.Height} images of model '{model.Info.Id}': give at most {side} px, or a share of the side such as 25%.");
            }

            patch = side;
        }

        var stride = Size(settings.Text(StrideParameter), side, StrideParameter);
        if (stride > patch && !settings.IsGiven(StrideParameter))
        {
            stride = patch;
        }

        if (stride > patch)
        {
            throw new EngineException(EngineErrorKind.InvalidRequest,
                $"occlusion's stride ({stride} px) must not exceed its patch ({patch} px), or some pixels are never occluded.");
        }

        return (patch, stride);
    }

    public ImportanceMaps Explain(IClassifier model, ImportanceInput input, MethodSettings settings)
    {
        int channels = model.Channels, height = model.Height, width = model.Width;
        var (patch, stride) = PatchAndStride(model, settings);
        var fill = settings.Choice(FillParameter);
        var classes = model.Info.ClassNames.Count;
        var imageSize = channels * height * width;
        var pixels = height * width;
        var probabilities = model.PredictProbabilities(input.Images, input.Count);
        var targets = MapOperations.ResolveTargets(input.Targets, probabilities, classes);
        var rows = Positions(height, patch, stride);
        var columns = Positions(width, patch, stride);
        var copies = rows.Length * columns.Length;
        var fills = Enumerable.Range(0, input.Count)
            .Select(i => fill switch { "black" => 0f, "mean" => Mean(input.Images.AsSpan(i * imageSize, imageSize)), _ => 0.5f })
            .ToArray();

        // Σ_j p(I_o,j = y) over the copies whose patch covers each pixel, per image; which patches cover a pixel is the
        // same for every image.
        var sums = new double[input.Count * pixels];
        void Add(int image, int copy, float p)
        {
            var (top, left) = (rows[copy / columns.Length], columns[copy % columns.Length]);
            var sum = sums.AsSpan(image * pixels, pixels);
            for (var y = top; y < top + patch; y++)
            {
                for (var x = left; x < left + patch; x++)
                {
                    sum[(y * width) + x] += p;
                }
            }
        }

        // A network whose layers are all local computes each copy's changed cells only (IncrementalOcclusion) when an
        // image has enough copies to pay for the unoccluded pass each call makes; else the copies are classified whole,
        // those of several images in one batch.
        if (copies >= IncrementalMinimumCopies && model is ConvNetClassifier { Network.OccludesIncrementally: true } network)
        {
            for (var i = 0; i < input.Count; i++)
            {
                var image = input.Images.AsSpan(i * imageSize, imageSize);
                for (var first = 0; first < copies; first += IncrementalCopies)
                {
                    input.Cancellation.ThrowIfCancellationRequested();
                    var n = Math.Min(IncrementalCopies, copies - first);
                    var tops = Enumerable.Range(first, n).Select(j => rows[j / columns.Length]).ToArray();
                    var lefts = Enumerable.Range(first, n).Select(j => columns[j % columns.Length]).ToArray();
                    var occluded = network.Network.OccludedProbabilities(image, tops, lefts, patch, fills[i]);
                    for (var j = 0; j < n; j++)
                    {
                        Add(i, first + j, occluded[(j * classes) + targets[i]]);
                    }
                }
            }
        }
        else
        {
            var perBatch = (int)Math.Clamp(FloatsPerBatch / imageSize, 1, CopiesPerBatch);
            var total = (long)input.Count * copies;
            var batch = new float[(int)Math.Min(perBatch, total) * imageSize];
            for (long first = 0; first < total; first += perBatch)
            {
                input.Cancellation.ThrowIfCancellationRequested();
                var n = (int)Math.Min(perBatch, total - first);
                for (var k = 0; k < n; k++)
                {
                    var (i, j) = ((int)((first + k) / copies), (int)((first + k) % copies));
                    var (top, left) = (rows[j / columns.Length], columns[j % columns.Length]);
                    var copy = batch.AsSpan(k * imageSize, imageSize);
                    input.Images.AsSpan(i * imageSize, imageSize).CopyTo(copy);
                    for (var c = 0; c < channels; c++)
                    {
                        for (var y = top; y < top + patch; y++)
                        {
                            copy.Slice((c * pixels) + (y * width) + left, patch).Fill(fills[i]);
                        }
                    }
                }

                var occluded = model.PredictProbabilities(batch.AsSpan(0, n * imageSize), n);
                for (var k = 0; k < n; k++)
                {
                    var (i, j) = ((int)((first + k) / copies), (int)((first + k) % copies));
                    Add(i, j, occluded[(k * classes) + targets[i]]);
                }
            }
        }

        var covered = new int[pixels];
        for (var j = 0; j < copies; j++)
        {
            var (top, left) = (rows[j / columns.Length], columns[j % columns.Length]);
            for (var y = top; y < top + patch; y++)
            {
                for (var x = left; x < left + patch; x++)
                {
                    covered[(y * width) + x]++;
                }
            }
        }

        var raw = new float[input.Count * pixels];
        var heat = new float[raw.Length];
        for (var i = 0; i < input.Count; i++)
        {
            var original = probabilities[(i * classes) + targets[i]];
            for (var k = 0; k < pixels; k++)
            {
                var mean = (float)(sums[(i * pixels) + k] / covered[k]);
                raw[(i * pixels) + k] = original - mean;
                heat[(i * pixels) + k] = Math.Clamp(1 - mean, 0, 1);
            }
        }

        return new ImportanceMaps(input.Count, height, width, raw, heat, targets, probabilities);
    }

    /// <summary>Patch corners 0, s, 2s, … and the last one flush with the far edge, so every pixel is covered.</summary>
    internal static int[] Positions(int length, int patch, int stride)
    {
        var positions = new List<int>();
        for (var p = 0; p + patch <= length; p += stride)
        {
            positions.Add(p);
        }

        if (positions[^1] + patch < length)
        {
            positions.Add(length - patch);
        }

        return [.. positions];
    }

    /// <summary>"8" is 8 pixels; "10%" a tenth of <paramref name="side"/>, at least one pixel.</summary>
    internal static int Size(string text, int side, string name)
    {
        var percent = text.EndsWith('%');
        var number = percent ? text[..^1] : text;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value > 0) || !double.IsFinite(value)
            || (!percent && value != Math.Floor(value)) || (percent && value > 100))
        {
            throw new EngineException(EngineErrorKind.InvalidRequest,
                $"occlusion's {name} must be a positive whole number of pixels (8) or a share of the image side up to 100% (10%), not '{text}'.");
        }

        return percent ? Math.Max(1, (int)Math.Round(side * value / 100)) : (int)Math.Min(value, int.MaxValue);
    }

    private static float Mean(ReadOnlySpan<float> image)
    {
        double total = 0;
        foreach (var v in image)
        {
            total += v;
        }

        return (float)(total / image.Length);
    }
}
