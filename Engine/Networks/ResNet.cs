using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ExplainHub.Engine.Networks;

/// <summary>
/// ResNet-18/34 (He et al. 2016; BasicBlocks, widths 64-128-256-512, GAP → Linear) with torchvision's names (conv1,
/// bn1, layer1..layer4 of blocks 0, 1, …, fc), so weights move to and from torchvision. Inputs up to 64 px get the
/// CIFAR stem (3×3, stride 1, no max-pool, as the reference's); larger ones torchvision's (7×7 stride 2, 3×3
/// max-pool stride 2).
/// </summary>
public sealed class ResNet : GapNetwork
{
    private static readonly long[] Widths = [64, 128, 256, 512];

    private readonly bool smallInput;
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Sequential[] layers;
    private readonly Linear fc;

    public ResNet(string name, IReadOnlyList<int> blocks, long channels, long classes, bool smallInput)
        : base(name, channels)
    {
        this.smallInput = smallInput;
        conv1 = smallInput ? Conv2d(channels, 64, 3, padding: 1, bias: false) : Conv2d(channels, 64, 7, stride: 2, padding: 3, bias: false);
        bn1 = BatchNorm2d(64);
        register_module("conv1", conv1);
        register_module("bn1", bn1);
        layers = new Sequential[Widths.Length];
        long input = 64;
        for (var stage = 0; stage < Widths.Length; stage++)
        {
            var stageBlocks = new Module<Tensor, Tensor>[blocks[stage]];
            for (var b = 0; b < blocks[stage]; b++)
            {
                stageBlocks[b] = new BasicBlock(input, Widths[stage], b == 0 && stage > 0 ? 2 : 1);
                input = Widths[stage];
            }

            layers[stage] = Sequential(stageBlocks);
            register_module($"layer{stage + 1}", layers[stage]);
        }

        fc = Linear(512, classes);
        register_module("fc", fc);
    }

    public override Linear Head => fc;

    public override FeatureGeometry Geometry => new(smallInput ? 8.0 : 32.0, 0.0);

    public override int MinInputSize => smallInput ? 8 : 65;

    protected override Tensor Trunk(Tensor x)
    {
        Tensor h;
        using (var stem = conv1.call(x))
        {
            h = bn1.call(stem).relu_();
        }

        if (!smallInput)
        {
            h = Then(h, t => functional.max_pool2d(t, 3, stride: 2, padding: 1));
        }

        foreach (var layer in layers)
        {
            h = Then(h, layer.call);
        }

        return h;
    }
}
