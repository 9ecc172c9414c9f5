using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ExplainHub.Engine.Networks;

/// <summary>
/// Excitation backprop (Zhang et al. 2016, "Top-down neural attention by excitation backprop", eq. 5–7): the
/// marginal winning probability P(a_j) = Σ_i P(a_j|a_i) P(a_i) with P(a_j|a_i) = a_j w⁺_ji / Σ_j' a_j' w⁺_j'i for
/// non-negative activations a and excitatory weights w⁺ = max(w, 0), from a one-hot output down to a layer. The head
/// and GAP are linear layers (GAP's weights 1/hw are all positive); ReLU passes probability through; max-pooling
/// gives it to the winning input; a batch norm is folded into the convolution before it; a residual sum shares it
/// between its addends by their positive parts (<see cref="ResidualStep"/>). A conv's rule is
/// a ⊙ W⁺ᵀ(P / W⁺a), computed as a vector–Jacobian product of conv(a, W⁺). Probability is conserved except where a
/// neuron has no excitatory input. The contrastive signal (c-MWP, eq. 8) is the MWP of the class minus that of its
/// dual unit, whose weights are the negated class weights, truncated at zero.
/// </summary>
public static class ExcitationBackprop
{
    /// <summary>
    /// Winning probabilities at the output of stage <paramref name="stage"/> summed over channels (N×1×h×w) for the
    /// classes in <paramref name="targets"/>; <paramref name="contrastive"/> subtracts the dual's. Runs without a graph
    /// except for each conv's and pool's local vector–Jacobian product.
    /// </summary>
    public static Tensor Map(GapNetwork network, Tensor images, Tensor targets, int stage, bool contrastive)
    {
        var steps = new List<ExcitationStep>();
        for (var s = stage + 1; s < network.Stages.Count; s++)
        {
            steps.AddRange(network.ExcitationSteps(s) ?? throw NetworkException.Invalid($"excitation backprop does not cover {network.Stages[s].Name}"));
        }

        List<Tensor> inputs;
        Tensor features;
        using (no_grad())
        {
            (inputs, features) = Record(steps, network.RunStages(network.Standardize(images), 0, stage + 1));
        }

        var weights = network.Head.weight!.detach().index_select(0, targets); // N×K
        var map = FromHead(features, weights, steps, inputs);
        if (contrastive)
        {
            map = (map - FromHead(features, -weights, steps, inputs)).clamp_min(0);
        }

        return map;
    }

    // From the head's (dual) unit to F, then down the steps.
    private static Tensor FromHead(Tensor features, Tensor classWeights, IReadOnlyList<ExcitationStep> steps, IReadOnlyList<Tensor> inputs)
    {
        using var noGrad = no_grad();
        var sums = features.sum([2, 3]); // N×K: hw·GAP
        var excitation = sums * classWeights.clamp_min(0);
        var pooled = Share(excitation, excitation.sum(1, keepdim: true));
        var p = features * Share(pooled, sums).unsqueeze(-1).unsqueeze(-1);
        return Down(steps, inputs, p).sum(1, keepdim: true);
    }

    // Runs the steps in order (no graph), keeping each one's input: what the top-down rules read.
    private static (List<Tensor> Inputs, Tensor Output) Record(IReadOnlyList<ExcitationStep> steps, Tensor input)
    {
        var inputs = new List<Tensor>(steps.Count);
        var h = input;
        foreach (var step in steps)
        {
            inputs.Add(h);
            h = Forward(step, h);
        }

        return (inputs, h);
    }

    // P at the first step's input from P at the last step's output.
    private static Tensor Down(IReadOnlyList<ExcitationStep> steps, IReadOnlyList<Tensor> inputs, Tensor p)
    {
        for (var i = steps.Count - 1; i >= 0; i--)
        {
            p = Up(steps[i], inputs[i], p);
        }

        return p;
    }

    private static Tensor Forward(ExcitationStep step, Tensor input) => step switch
    {
        ConvolutionStep { Normalization: { } norm } conv => norm.call(conv.Convolution.call(input)),
        ConvolutionStep conv => conv.Convolution.call(input),
        RectifierStep => functional.relu(input),
        MaxPoolStep pool => functional.max_pool2d(input, pool.Kernel, pool.Stride, pool.Padding),
        ResidualStep residual => Record(residual.Branch, input).Output + Record(residual.Shortcut, input).Output,
        _ => throw new InvalidOperationException($"no forward rule for {step}"),
    };

    // P at a step's input from P at its output.
    private static Tensor Up(ExcitationStep step, Tensor input, Tensor p)
    {
        switch (step)
        {
            case RectifierStep:
                return p;
            case ResidualStep residual:
                return UpResidual(residual, input, p);
            case MaxPoolStep pool:
                return VectorJacobian(input, a => functional.max_pool2d(a, pool.Kernel, pool.Stride, pool.Padding), p);
            case ConvolutionStep conv:
                var excitatory = FoldedWeight(conv).clamp_min(0);
                var c = conv.Convolution;
                Tensor Apply(Tensor a) => functional.conv2d(a, excitatory, null, c.stride, c.padding, c.dilation, c.groups);
                Tensor z;
                using (no_grad())
                {
                    z = Apply(input);
                }

                return input * VectorJacobian(input, Apply, Share(p, z));
            default:
                throw new InvalidOperationException($"no top-down rule for {step}");
        }
    }

    // Eq. 6 with unit weights: addend a gets P·a⁺/(b⁺ + s⁺) of the sum's P, then goes down its own path to x.
    private static Tensor UpResidual(ResidualStep residual, Tensor input, Tensor p)
    {
        List<Tensor> branchInputs, shortcutInputs;
        Tensor branch, shortcut;
        using (no_grad())
        {
            (branchInputs, branch) = Record(residual.Branch, input);
            (shortcutInputs, shortcut) = Record(residual.Shortcut, input);
            branch = branch.clamp_min(0);
            shortcut = shortcut.clamp_min(0);
        }

        var share = Share(p, branch + shortcut);
        return Down(residual.Branch, branchInputs, branch * share) + Down(residual.Shortcut, shortcutInputs, shortcut * share);
    }

    // W scaled per output channel by γ/√(σ² + ε) when a batch norm follows: its sign decides what is excitatory.
    private static Tensor FoldedWeight(ConvolutionStep conv)
    {
        var weight = conv.Convolution.weight!.detach();
        if (conv.Normalization is not { } norm)
        {
            return weight;
        }

        var scale = norm.weight!.detach() / (norm.running_var! + norm.eps).sqrt();
        return weight * scale.view(-1, 1, 1, 1);
    }

    // vᵀ ∂f/∂a: the backward of f at a with v as the output gradient; no parameter gets a gradient.
    private static Tensor VectorJacobian(Tensor input, Func<Tensor, Tensor> f, Tensor v)
    {
        using var enabled = enable_grad();
        var a = input.detach().requires_grad_(true);
        var output = f(a);
        return autograd.grad([output], [a], [v])[0].detach();
    }

    // numerator / denominator where the denominator is positive, else 0: a neuron without excitatory input passes nothing.
    private static Tensor Share(Tensor numerator, Tensor denominator) =>
        where(denominator > 0, numerator / denominator.clamp_min(1e-30), zeros_like(numerator));
}
