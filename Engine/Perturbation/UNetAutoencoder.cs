using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ExplainHub.Engine.Perturbation;

/// <summary>
/// The U-Net autoencoder of seed 004 §3 (Ronneberger et al. 2015, as ../shared/reference/common.py's <c>unet</c>):
/// per level a DoubleConv ((3×3 conv without bias → BN → ReLU) × 2) and a 2×2 max-pool, a DoubleConv bottleneck at the
/// deepest width, then per level a 2×2 stride-2 transposed convolution, the level's skip concatenated and a DoubleConv,
/// and a 1×1 convolution back to the input's channels through a sigmoid, so the output is an image in [0, 1].
/// Submodules carry the reference's state-dict names (downs.i, bottleneck, ups.i, upconvs.i, out). An input whose sides
/// do not halve evenly at every level (28×28 at 4 levels) is padded at its right and bottom edges by repeating them,
/// and the output is cropped back to the input's size.
/// </summary>
public sealed class UNetAutoencoder : Module<Tensor, Tensor>
{
    /// <summary>The reference's widths: 4 levels, 32-64-128-256.</summary>
    public static readonly IReadOnlyList<long> DefaultWidths = [32, 64, 128, 256];

    private readonly ModuleList<Sequential> downs;
    private readonly MaxPool2d pool;
    private readonly Sequential bottleneck;
    private readonly ModuleList<Sequential> ups;
    private readonly ModuleList<ConvTranspose2d> upconvs;
    private readonly Conv2d output;

    public UNetAutoencoder(long channels, IReadOnlyList<long>? widths = null)
        : base("unet")
    {
        var levels = widths ?? DefaultWidths;
        if (channels <= 0 || levels.Count == 0 || levels.Any(w => w <= 0))
        {
            throw new ArgumentException("A U-Net needs a positive channel count and at least one level of positive width.");
        }

        Channels = channels;
        Widths = levels;
        downs = new ModuleList<Sequential>();
        var c = channels;
        foreach (var width in levels)
        {
            downs.Add(DoubleConv(c, width));
            c = width;
        }

        pool = MaxPool2d(2);
        bottleneck = DoubleConv(c, c);
        ups = new ModuleList<Sequential>();
        upconvs = new ModuleList<ConvTranspose2d>();
        // Going up, each level ends at the width of the level below it, the last at the first level's width.
        var outs = levels.Reverse().Skip(1).Append(levels[0]).ToArray();
        var skips = levels.Reverse().ToArray();
        for (var i = 0; i < levels.Count; i++)
        {
            upconvs.Add(ConvTranspose2d(c, c, 2, stride: 2));
            ups.Add(DoubleConv(c + skips[i], outs[i]));
            c = outs[i];
        }

        output = Conv2d(c, channels, 1);
        // The reference's registration order, so state dicts list the same names in the same order.
        register_module("downs", downs);
        register_module("pool", pool);
        register_module("bottleneck", bottleneck);
        register_module("ups", ups);
        register_module("upconvs", upconvs);
        register_module("out", output);
    }

    public long Channels { get; }

    public IReadOnlyList<long> Widths { get; }

    /// <summary>Each side must be a multiple of this for the levels to halve evenly; others are padded to the next one.</summary>
    public long SideMultiple => 1L << Widths.Count;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var (height, width) = (input.shape[2], input.shape[3]);
        var padBottom = (SideMultiple - (height % SideMultiple)) % SideMultiple;
        var padRight = (SideMultiple - (width % SideMultiple)) % SideMultiple;
        var x = padBottom + padRight > 0
            ? functional.pad(input, [0, padRight, 0, padBottom], PaddingModes.Replicate)
            : input;
        var skips = new List<Tensor>();
        foreach (var down in downs)
        {
            x = down.call(x);
            skips.Add(x);
            x = pool.call(x);
        }

        x = bottleneck.call(x);
        for (var i = 0; i < ups.Count; i++)
        {
            x = ups[i].call(cat([upconvs[i].call(x), skips[^(i + 1)]], 1));
        }

        var image = sigmoid(output.call(x));
        if (padBottom + padRight > 0)
        {
            image = image[.., .., ..(int)height, ..(int)width];
        }

        return image.MoveToOuterDisposeScope();
    }

    private static Sequential DoubleConv(long input, long output) => Sequential(
        Conv2d(input, output, 3, padding: 1, bias: false), BatchNorm2d(output), ReLU(inplace: true),
        Conv2d(output, output, 3, padding: 1, bias: false), BatchNorm2d(output), ReLU(inplace: true));
}
