using TorchSharp.Modules;

namespace ExplainHub.Engine.Networks;

/// <summary>
/// One primitive layer of a stage as excitation backprop sees it (Zhang et al. 2016): applying a stage's steps in
/// order is the stage's forward pass, and each kind has its top-down rule.
/// </summary>
public abstract record ExcitationStep;

/// <summary>A convolution, with the batch norm after it folded in (eval mode: one positive or negative scale per channel).</summary>
public sealed record ConvolutionStep(Conv2d Convolution, BatchNorm2d? Normalization = null) : ExcitationStep;

/// <summary>ReLU: a neuron's winning probability passes to its input unchanged.</summary>
public sealed record RectifierStep : ExcitationStep;

/// <summary>Max-pooling: each output's probability goes to the input that won the max.</summary>
public sealed record MaxPoolStep(long Kernel, long Stride, long Padding = 0) : ExcitationStep;

/// <summary>
/// A residual sum (He et al. 2016): Branch(x) + Shortcut(x), an empty shortcut being the identity. The sum is a
/// layer whose weights are all +1, so eq. 6 shares each output's probability between the two addends in proportion
/// to their (non-negative) values; each share then goes down its own path to x, where the two meet again.
/// </summary>
public sealed record ResidualStep(IReadOnlyList<ExcitationStep> Branch, IReadOnlyList<ExcitationStep> Shortcut) : ExcitationStep;
