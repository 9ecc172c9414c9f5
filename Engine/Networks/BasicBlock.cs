using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ExplainHub.Engine.Networks;

/// <summary>
/// ResNet's basic block (He et al. 2016): conv3×3(stride) → BN → ReLU → conv3×3 → BN, plus the input (through a
/// 1×1 conv + BN, torchvision's <c>downsample</c>, when the shape changes), → ReLU.
/// </summary>
public sealed class BasicBlock : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Sequential? downsample;

    public BasicBlock(long input, long output, long stride)
        : base(nameof(BasicBlock))
    {
        conv1 = Conv2d(input, output, 3, stride: stride, padding: 1, bias: false);
        bn1 = BatchNorm2d(output);
        conv2 = Conv2d(output, output, 3, padding: 1, bias: false);
        bn2 = BatchNorm2d(output);
        register_module("conv1", conv1);
        register_module("bn1", bn1);
        register_module("conv2", conv2);
        register_module("bn2", bn2);
        if (stride != 1 || input != output)
        {
            downsample = Sequential(Conv2d(input, output, 1, stride: stride, bias: false), BatchNorm2d(output));
            register_module("downsample", downsample);
        }
    }

    /// <summary>The block as excitation backprop's steps: the residual sum of its two convs and its shortcut, then the ReLU.</summary>
    public IReadOnlyList<ExcitationStep> ExcitationSteps()
    {
        IReadOnlyList<ExcitationStep> shortcut = downsample is null
            ? []
            : [new ConvolutionStep((Conv2d)downsample.children().First(), (BatchNorm2d)downsample.children().Last())];
        return [new ResidualStep([new ConvolutionStep(conv1, bn1), new RectifierStep(), new ConvolutionStep(conv2, bn2)], shortcut), new RectifierStep()];
    }

    // ReLUs and the residual sum work in place on tensors this block just made (as torchvision's ReLU(inplace=True)
    // and `out += identity`): no activation-sized buffer per op. Autograd allows it: conv and batch-norm backward
    // read their inputs, not these outputs. Each intermediate's handle is let go as soon as it is used (autograd keeps
    // what backward needs), so inference holds one block's activations, not the whole network's, until the
    // caller's dispose scope ends.
    public override Tensor forward(Tensor input)
    {
        using var first = NnpackConvolution.Apply(conv1, input);
        using var hidden = bn1.call(first).relu_();
        using var second = NnpackConvolution.Apply(conv2, hidden);
        var output = bn2.call(second);
        if (downsample is null)
        {
            output.add_(input);
        }
        else
        {
            using var projected = downsample.call(input);
            output.add_(projected);
        }

        return output.relu_();
    }
}
