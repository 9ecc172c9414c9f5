using static TorchSharp.torch;

namespace ExplainHub.Engine.Networks;

/// <summary>
/// An NNPACK convolution (<see cref="NnpackConvolution"/>) that passes gradients to its input only: the
/// gradient of a stride-1 convolution with kernel W and padding p is the convolution of the output gradient with W
/// transposed over its channels and flipped in space, padding k − 1 − p, so it takes the same fast path. The weights
/// are constants here; a caller that wants their gradient takes the module's own convolution.
/// </summary>
internal sealed class NnpackInputGradient : autograd.SingleTensorFunction<NnpackInputGradient>
{
    private const long Kernel = 3;
    private const string Padding = "padding";

    public override string Name => nameof(NnpackInputGradient);

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (input, weight, bias, padding) = ((Tensor)vars[0], (Tensor)vars[1], (Tensor?)vars[2], (long)vars[3]);
        ctx.save_for_backward([weight]);
        ctx.save_data(Padding, padding);
        return NnpackConvolution.Convolve(input, weight, bias, padding);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad)
    {
        using var weight = ctx.get_saved_variables()[0];
        var padding = (long)ctx.get_data(Padding);
        using var transposed = weight.transpose(0, 1);
        using var flipped = transposed.flip(2, 3);
        // One gradient per argument of forward: the weights, bias and padding get none.
        return [NnpackConvolution.Convolve(grad, flipped, null, Kernel - 1 - padding), null!, null!, null!];
    }
}
