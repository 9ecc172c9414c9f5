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

    // same convs keep positions; each block's 2×2 pool halves them: after block b, cell j is centred at 2^b·j + (2^b − 1)/2.
    public override IReadOnlyList<NetworkStage> Stages => field ??=
        [.. blocks.Select((block, b) => new NetworkStage($"block{b + 1}", Chain(block), new(1 << (b + 1), ((1 << (b + 1)) - 1) / 2.0)))];

    public override int MinInputSize => 32;

    public override string ExcitationLayer => "block2";

    // A block is (Conv → BN → ReLU)… → MaxPool 2, as built above.
    public override IReadOnlyList<ExcitationStep>? ExcitationSteps(int stage)
    {
        var steps = new List<ExcitationStep>();
        var layers = blocks[stage].children().ToList();
        for (var i = 0; i < layers.Count; i++)
        {
            switch (layers[i])
            {
                case Conv2d conv:
                    steps.Add(new ConvolutionStep(conv, i + 1 < layers.Count ? layers[i + 1] as BatchNorm2d : null));
                    break;
                case TorchSharp.Modules.ReLU:
                    steps.Add(new RectifierStep());
                    break;
                case TorchSharp.Modules.MaxPool2d:
                    steps.Add(new MaxPoolStep(2, 2));
                    break;
                case TorchSharp.Modules.BatchNorm2d when i > 0 && layers[i - 1] is Conv2d:
                    break; // folded into the convolution before it
                default:
                    return null; // a layer these steps do not describe: no step-wise method may assume they cover the block
            }
        }

        return steps;
    }

    // The block's layers in order, its convolutions through NnpackConvolution where they qualify; each intermediate
    // is let go once the next layer has read it, and the block's input is left alone.
    private static Func<Tensor, Tensor> Chain(Sequential block)
    {
        var layers = block.children()
            .Select(layer => layer is Conv2d conv ? x => NnpackConvolution.Apply(conv, x) : (Func<Tensor, Tensor>)((Module<Tensor, Tensor>)layer).call)
            .ToArray();
        return input =>
        {
            var h = layers[0](input);
            foreach (var layer in layers.Skip(1))
            {
                h = Then(h, layer);
            }

            return h;
        };
    }
}
