using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ExplainHub.Engine.Networks;

/// <summary>
/// Seed 001's CNN+SVM network: five 3×3 "same" convolutions of 16, 32, 64, 128 and 256 channels (ReLU), a 2×2
/// max-pool after each of the first four, GAP → Dense(classes). Its 256 GAP features feed the hybrid SVM.
/// </summary>
public sealed class FiveConvCnn : GapNetwork
{
    private static readonly long[] Widths = [16, 32, 64, 128, 256];

    private readonly Conv2d[] convs;
    private readonly Linear fc;

    public FiveConvCnn(long channels, long classes)
        : base("five-conv-cnn", channels)
    {
        convs = new Conv2d[Widths.Length];
        var input = channels;
        for (var i = 0; i < Widths.Length; i++)
        {
            convs[i] = Conv2d(input, Widths[i], 3, padding: 1);
            register_module($"conv{i + 1}", convs[i]);
            input = Widths[i];
        }

        fc = Linear(256, classes);
        register_module("fc", fc);
    }

    public override Linear Head => fc;

    // same convs keep positions; each pool halves them: after four, cell j is centred at input 16j + 7.5.
    public override IReadOnlyList<NetworkStage> Stages => field ??= BuildStages();

    public override int MinInputSize => 16;

    public override string ExcitationLayer => "pool2";

    // Stages alternate conv1, pool1, conv2, …, pool4, conv5.
    public override IReadOnlyList<ExcitationStep>? ExcitationSteps(int stage) =>
        stage % 2 == 0 ? [new ConvolutionStep(convs[stage / 2]), new RectifierStep()] : [new MaxPoolStep(2, 2)];

    private NetworkStage[] BuildStages()
    {
        var stages = new List<NetworkStage>();
        double stride = 1, offset = 0;
        for (var i = 0; i < convs.Length; i++)
        {
            var conv = convs[i];
            if (i > 0)
            {
                offset += stride / 2;
                stride *= 2;
                stages.Add(new($"pool{i}", x => functional.max_pool2d(x, 2), new(stride, offset)));
            }

            stages.Add(new($"conv{i + 1}", x => NnpackConvolution.Apply(conv, x).relu_(), new(stride, offset)));
        }

        return [.. stages];
    }
}
