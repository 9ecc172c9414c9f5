using System.Globalization;
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

    // 3×3 convs with padding 1 keep centres; each stride-2 stage doubles the spacing (cell j at input stride·j).
    public override IReadOnlyList<NetworkStage> Stages => field ??= BuildStages();

    public override int MinInputSize => smallInput ? 8 : 65;

    // Seed 002 reads c-MWP after the second pooling, where the grid is a quarter of the input's side: here the last
    // stage at stride 4 (layer3 with the CIFAR stem, layer1 after torchvision's stem and max-pool).
    public override string ExcitationLayer => Stages.Last(s => s.Geometry.Stride <= 4).Name;

    public override IReadOnlyList<ExcitationStep>? ExcitationSteps(int stage) => Stages[stage].Name switch
    {
        "stem" => [new ConvolutionStep(conv1, bn1), new RectifierStep()],
        "maxpool" => [new MaxPoolStep(3, 2, 1)],
        var name => [.. layers[int.Parse(name["layer".Length..], CultureInfo.InvariantCulture) - 1].children()
            .SelectMany(block => ((BasicBlock)block).ExcitationSteps())],
    };

    private NetworkStage[] BuildStages()
    {
        var stages = new List<NetworkStage>
        {
            new("stem", x =>
            {
                using var stem = NnpackConvolution.Apply(conv1, x);
                return bn1.call(stem).relu_();
            }, new(smallInput ? 1.0 : 2.0, 0.0)),
        };
        var stride = smallInput ? 1.0 : 4.0;
        if (!smallInput)
        {
            stages.Add(new("maxpool", x => functional.max_pool2d(x, 3, stride: 2, padding: 1), new(stride, 0.0)));
        }

        for (var i = 0; i < layers.Length; i++)
        {
            stride *= i > 0 ? 2 : 1;
            stages.Add(new($"layer{i + 1}", layers[i].call, new(stride, 0.0)));
        }

        return [.. stages];
    }
}
