using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ExplainHub.Engine.Networks;

/// <summary>
/// The class probabilities of occluded copies of one image, computing at each layer only the cells a patch can
/// change: incremental inference for occlusion (Nakandala et al. 2019, "Incremental and approximate inference for
/// faster occlusion-based deep CNN explanations", §3). A gray patch changes a P×P window of the input; a K×K
/// convolution or pooling of stride S changes only the outputs whose field meets that window, so each copy carries
/// its window (<see cref="WindowedActivations"/>) and every layer recomputes the windows of all copies in one batch,
/// reading the unoccluded image's activations around them. Windows grow layer by layer; once they would cover half
/// the map the copies are computed whole, as before. Exact: the same arithmetic on fewer cells (differences are
/// float rounding, well under 1e-4 in the probabilities). Measured (121 copies of a 48×48 image, 8×8 patch, 2 cores):
/// ResNet-18 1.4× faster than whole copies, where the receptive field spans the map by layer3; VGG-16-BN on 96×96
/// (529 copies) 3.6×. It walks the trunk as the networks describe it to excitation backprop
/// (<see cref="GapNetwork.ExcitationSteps"/>: convolutions with their batch norm, ReLUs, max-pools, residual sums),
/// then GAP and the head, so it needs evaluation mode and a trunk every stage of which is described.
/// </summary>
internal static class IncrementalOcclusion
{
    /// <summary>
    /// Whether <paramref name="network"/>'s input is read pixel by pixel and its trunk is described step by step in
    /// steps this walk knows (square, ungrouped, zero-padded convolutions; max-pools; ReLUs; residual sums).
    /// </summary>
    public static bool Applies(GapNetwork network) =>
        network.LocalInput && Enumerable.Range(0, network.Stages.Count).All(s => network.ExcitationSteps(s) is { } steps && steps.All(Covers));

    private static bool Covers(ExcitationStep step) => step switch
    {
        RectifierStep or MaxPoolStep => true,
        ConvolutionStep convolution => Shape(convolution.Convolution) is not null,
        ResidualStep residual => residual.Branch.All(Covers) && residual.Shortcut.All(Covers),
        _ => false,
    };

    // The field of a square, ungrouped, zero-padded convolution with equal strides, padding and dilation; else null.
    private static Field? Shape(Conv2d conv) =>
        conv.groups == 1 && conv.padding_mode == PaddingModes.Zeros && conv.kernel_size[0] == conv.kernel_size[1]
        && conv.stride[0] == conv.stride[1] && conv.padding is { } padding && padding[0] == padding[1] && conv.dilation[0] == conv.dilation[1]
            ? new Field((conv.dilation[0] * (conv.kernel_size[0] - 1)) + 1, conv.stride[0], padding[0])
            : null;

    /// <summary>
    /// Softmax probabilities (J×classes) of <paramref name="image"/> (1×C×H×W in [0,1]) with a
    /// <paramref name="patch"/>×<paramref name="patch"/> square of <paramref name="fill"/> at each (top, left) corner.
    /// </summary>
    public static Tensor Probabilities(GapNetwork network, Tensor image, int[] tops, int[] lefts, int patch, float fill)
    {
        using var scope = NewDisposeScope();
        var count = tops.Length;
        var patchValues = network.Standardize(full(1, image.shape[1], patch, patch, fill, dtype: image.dtype, device: image.device));
        var activations = new WindowedActivations(network.Standardize(image), tops, lefts, patch, patch,
            patchValues.expand(count, -1, -1, -1));
        for (var stage = 0; stage < network.Stages.Count; stage++)
        {
            var next = Apply(network.ExcitationSteps(stage)!, activations);
            if (!ReferenceEquals(next, activations))
            {
                activations.Dispose();
            }

            activations = next;
        }

        // GAP of each copy: the base's sum, less the base over the copy's window, plus the copy's window.
        var pooled = activations.IsWhole
            ? activations.Values.mean([2, 3])
            : (activations.Base.sum([2, 3]) - activations.SampleBase(activations.Rows, activations.Columns, activations.Height, activations.Width).sum([2, 3])
                + activations.Values.sum([2, 3])) / (activations.MapHeight * activations.MapWidth);

        // The walk must be the network's forward pass: should a network describe its steps otherwise than it runs them,
        // the untouched image shows it, and the copies are classified whole instead.
        var walked = network.Head.call(activations.Base.mean([2, 3]));
        if (!walked.allclose(network.call(image), rtol: 1e-3, atol: 1e-4))
        {
            return WholeCopies(network, image, tops, lefts, patch, fill).MoveToOuterDisposeScope();
        }

        return functional.softmax(network.Head.call(pooled), 1).MoveToOuterDisposeScope();
    }

    /// <summary>The occluded copies made whole and classified in one batch: what the windows save.</summary>
    public static Tensor WholeCopies(GapNetwork network, Tensor image, int[] tops, int[] lefts, int patch, float fill)
    {
        using var scope = NewDisposeScope();
        var copies = image.repeat(tops.Length, 1, 1, 1);
        for (var j = 0; j < tops.Length; j++)
        {
            copies[j].narrow(1, tops[j], patch).narrow(2, lefts[j], patch).fill_(fill);
        }

        return functional.softmax(network.call(copies), 1).MoveToOuterDisposeScope();
    }

    // Each step's activations are let go as soon as the next step has read them (the caller's input stays theirs).
    private static WindowedActivations Apply(IReadOnlyList<ExcitationStep> steps, WindowedActivations input)
    {
        var activations = input;
        foreach (var step in steps)
        {
            var next = Apply(step, activations);
            if (!ReferenceEquals(activations, input))
            {
                activations.Dispose();
            }

            activations = next;
        }

        return activations;
    }

    private static WindowedActivations Residual(ResidualStep residual, WindowedActivations input)
    {
        var branch = Apply(residual.Branch, input);
        var shortcut = Apply(residual.Shortcut, input); // an empty shortcut is the input itself
        var sum = Sum(branch, shortcut);
        foreach (var addend in new[] { branch, shortcut }.Where(a => !ReferenceEquals(a, input)))
        {
            addend.Dispose();
        }

        return sum;
    }

    private static WindowedActivations Apply(ExcitationStep step, WindowedActivations input) => step switch
    {
        RectifierStep => input with { Base = functional.relu(input.Base), Values = functional.relu(input.Values) },
        ConvolutionStep convolution => Convolve(convolution, input),
        MaxPoolStep pool => Local(input, new Field(pool.Kernel, pool.Stride, pool.Padding), double.NegativeInfinity,
            x => functional.max_pool2d(x, pool.Kernel, pool.Stride, pool.Padding),
            x => functional.max_pool2d(x, pool.Kernel, pool.Stride)),
        ResidualStep residual => Residual(residual, input),
        _ => throw new InvalidOperationException($"incremental occlusion has no rule for {step}"),
    };

    private static WindowedActivations Convolve(ConvolutionStep step, WindowedActivations input)
    {
        var conv = step.Convolution;
        var field = Shape(conv) ?? throw new InvalidOperationException($"incremental occlusion does not cover the convolution {conv.GetName()}");
        Tensor Normalise(Tensor convolved)
        {
            if (step.Normalization is not { } norm)
            {
                return convolved;
            }

            using (convolved)
            {
                return norm.call(convolved);
            }
        }

        return Local(input, field, 0,
            x => Normalise(conv.call(x)),
            x => Normalise(functional.conv2d(x, conv.weight!, conv.bias, conv.stride, [0, 0], conv.dilation)));
    }

    /// <summary>The share of a map beyond which a copy's window is computed as a whole map.</summary>
    private const double WholeShare = 0.5;

    // A layer whose output cell reads a Kernel×Kernel field at Stride, Padding cells of padding on each side.
    private readonly record struct Field(long Kernel, long Stride, long Padding);

    /// <summary>
    /// A local layer: the base through <paramref name="whole"/> (the layer with its padding), and each copy's new
    /// window — every output whose field meets the old one — through <paramref name="unpadded"/> on the window's field,
    /// cut from the copy's padded map.
    /// </summary>
    private static WindowedActivations Local(WindowedActivations input, Field field, double paddingValue, Func<Tensor, Tensor> whole, Func<Tensor, Tensor> unpadded)
    {
        var output = whole(input.Base);
        if (input.IsWhole)
        {
            // Windows have met the map's edges: the copies are whole maps now and go through the layer as they are.
            return WindowedActivations.Whole(output, whole(input.Values));
        }

        var (rows, height) = Windows(input.Rows, input.Height, field, (int)output.shape[2]);
        var (columns, width) = Windows(input.Columns, input.Width, field, (int)output.shape[3]);
        if (height * width > WholeShare * output.shape[2] * output.shape[3])
        {
            // Windows this large save little and cost a gather each: the copies are made whole once and go on as such.
            using var copies = input.Sample(new int[input.Count], new int[input.Count], input.MapHeight, input.MapWidth, 0, 0);
            return WindowedActivations.Whole(output, whole(copies));
        }

        var stride = (int)field.Stride;
        using var fields = input.Sample([.. rows.Select(r => r * stride)], [.. columns.Select(c => c * stride)],
            ((height - 1) * stride) + (int)field.Kernel, ((width - 1) * stride) + (int)field.Kernel, (int)field.Padding, paddingValue);
        return new WindowedActivations(output, rows, columns, height, width, unpadded(fields));
    }

    /// <summary>
    /// Per copy, the first output cell whose field meets [start, start + size) of the input, and one length for all
    /// copies that covers every such span (shifted inside the map where it would cross its edge).
    /// </summary>
    private static (int[] Starts, int Size) Windows(int[] starts, int size, Field field, int outputLength)
    {
        var first = new int[starts.Length];
        var span = 1;
        for (var j = 0; j < starts.Length; j++)
        {
            // Output o reads input cells o·S − P … o·S − P + K − 1.
            var lo = Math.Max(0, CeilingDivide(starts[j] - field.Kernel + 1 + field.Padding, field.Stride));
            var hi = Math.Min(outputLength - 1, FloorDivide(starts[j] + size - 1 + field.Padding, field.Stride));
            first[j] = (int)lo;
            span = Math.Max(span, (int)(hi - lo + 1));
        }

        span = Math.Min(span, outputLength);
        return ([.. first.Select(f => Math.Min(f, outputLength - span))], span);
    }

    // A residual sum: both addends read over one window per copy that holds both of theirs.
    private static WindowedActivations Sum(WindowedActivations a, WindowedActivations b)
    {
        if (a.IsWhole && b.IsWhole)
        {
            return WindowedActivations.Whole(a.Base + b.Base, a.Values + b.Values);
        }

        var (rows, height) = Union(a.Rows, a.Height, b.Rows, b.Height, a.MapHeight);
        var (columns, width) = Union(a.Columns, a.Width, b.Columns, b.Width, a.MapWidth);
        using var left = a.Sample(rows, columns, height, width, 0, 0);
        using var right = b.Sample(rows, columns, height, width, 0, 0);
        var values = left + right;
        return new WindowedActivations(a.Base + b.Base, rows, columns, height, width, values);
    }

    private static (int[] Starts, int Size) Union(int[] a, int aSize, int[] b, int bSize, int length)
    {
        var size = 1;
        var starts = new int[a.Length];
        for (var j = 0; j < a.Length; j++)
        {
            starts[j] = Math.Min(a[j], b[j]);
            size = Math.Max(size, Math.Max(a[j] + aSize, b[j] + bSize) - starts[j]);
        }

        size = Math.Min(size, length);
        return ([.. starts.Select(s => Math.Min(s, length - size))], size);
    }

    private static long FloorDivide(long a, long b) => (long)Math.Floor((double)a / b);

    private static long CeilingDivide(long a, long b) => (long)Math.Ceiling((double)a / b);
}
