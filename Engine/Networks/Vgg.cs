using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ExplainHub.Engine.Networks;

/// <summary>
/// VGG-13/16 with batch norm (Simonyan and Zisserman 2015; Ioffe and Szegedy 2015): five blocks of 3×3 same
/// convolutions (each Conv → BN → ReLU) ending in a 2×2 max-pool, named block1..block5; GAP → Linear(512, classes)
/// as the head instead of the three dense layers, so CAM applies.
/// </summary>
public sealed class Vgg : GapNetwork
{
    private static readonly long[] Widths = [64, 128, 256, 512, 512];

    private readonly Sequential[] blocks;
    private readonly Linear fc;

    public Vgg(string name, IReadOnlyList<int> convsPerBlock, long channels, long classes)
        : base(name, channels)
    {
        blocks = new Sequential[convsPerBlock.Count];
        var input = channels;
        for (var b = 0; b < convsPerBlock.Count; b++)
        {
            var layers = new List<Module<Tensor, Tensor>>();
            for (var c = 0; c < convsPerBlock[b]; c++)
            {
                layers.Add(Conv2d(input, Widths[b], 3, padding: 1));
                layers.Add(BatchNorm2d(Widths[b]));
                layers.Add(ReLU(inplace: true));
                input = Widths[b];
            }

            layers.Add(MaxPool2d(2));
            blocks[b] = Sequential(layers);
            register_module($"block{b + 1}", blocks[b]);
        }

        fc = Linear(512, classes);
        register_module("fc", fc);
    }

    public override Linear Head => fc;

    // same convs keep positions; five 2×2 pools: cell j is centred at input 32j + 15.5.
    public override FeatureGeometry Geometry => new(32.0, 15.5);

    public override int MinInputSize => 32;

    protected override Tensor Trunk(Tensor x)
    {
        var h = blocks[0].call(x);
        foreach (var block in blocks.Skip(1))
        {
            h = Then(h, block.call);
        }

        return h;
    }
}
