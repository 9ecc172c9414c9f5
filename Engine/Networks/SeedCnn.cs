using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ExplainHub.Engine.Networks;

/// <summary>Seed 001's CNN: Conv(32, 3×3, ReLU) → MaxPool 2 → Conv(64, 3×3, ReLU) → MaxPool 2 → GAP → Dense(classes).</summary>
public sealed class SeedCnn : GapNetwork
{
    private readonly Conv2d conv1;
    private readonly Conv2d conv2;
    private readonly Linear fc;

    public SeedCnn(long channels, long classes)
        : base("seed-cnn", channels)
    {
        conv1 = Conv2d(channels, 32, 3);
        conv2 = Conv2d(32, 64, 3);
        fc = Linear(64, classes);
        register_module("conv1", conv1);
        register_module("conv2", conv2);
        register_module("fc", fc);
    }

    public override Linear Head => fc;

    // valid conv3 → pool2 → valid conv3 → pool2: after the last pool cell j covers input 4j..4j+9, centre 4j+4.5.
    public override IReadOnlyList<NetworkStage> Stages => field ??=
    [
        new("conv1", x => NnpackConvolution.Apply(conv1, x).relu_(), new(1.0, 1.0)),
        new("pool1", x => functional.max_pool2d(x, 2), new(2.0, 1.5)),
        new("conv2", x => NnpackConvolution.Apply(conv2, x).relu_(), new(2.0, 3.5)),
        new("pool2", x => functional.max_pool2d(x, 2), new(4.0, 4.5)),
    ];

    public override int MinInputSize => 10;

    public override string ExcitationLayer => "pool2";

    public override IReadOnlyList<ExcitationStep>? ExcitationSteps(int stage) => stage switch
    {
        0 => [new ConvolutionStep(conv1), new RectifierStep()],
        2 => [new ConvolutionStep(conv2), new RectifierStep()],
        _ => [new MaxPoolStep(2, 2)],
    };

}
