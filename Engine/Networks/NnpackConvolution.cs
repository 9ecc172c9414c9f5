using System.Runtime.Intrinsics.X86;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ExplainHub.Engine.Networks;

/// <summary>
/// 3×3 stride-1 convolutions through libtorch's own NNPACK backend wherever no weight gradient is wanted: inference,
/// and input gradients through weights that require none (explanations, a frozen classifier). NNPACK picks per shape
/// between Winograd F(6×6, 3×3) (Lavin and Gray 2016, "Fast algorithms for convolutional neural networks") and 16×16
/// FFT tiles, both of which do far fewer multiplications than direct convolution. libtorch sends every float32 CPU
/// convolution to oneDNN when it has oneDNN, and oneDNN has neither below AVX-512; on AVX2 machines NNPACK takes
/// 0.5–0.75× the time of oneDNN's channels-last kernel per ResNet-18 layer at batch 64 (<c>./bench.sh explain</c>
/// reports the whole-network effect). Everything else — training, batches under 16, other shapes, GPUs, AVX-512
/// hosts where this was never measured — keeps the module's own convolution. The transforms round differently from
/// direct convolution (about 1e-5 of an activation's size), which no classifier output here is sensitive to.
/// </summary>
public static class NnpackConvolution
{
    /// <summary>Set to 0 to keep every convolution on libtorch's default (oneDNN) path.</summary>
    public const string Variable = "EXPLAINHUB_NNPACK";

    // NNPACK's batched path (nnp_convolution_output) pays off from PyTorch's own threshold for it on.
    private const long MinBatch = 16;

    // Below this many input channels the transform costs more than it saves (and NNPACK refuses one channel).
    private const long MinInputChannels = 16;

    // _nnpack_available() also initialises NNPACK, which the convolution itself does not do.
    private const string Script = """
        def available(x: Tensor) -> Tensor:
            return torch.full([1], 1 if torch._nnpack_available() else 0)

        def convolve(x: Tensor, weight: Tensor, bias: Optional[Tensor], padding: int) -> Tensor:
            return torch._nnpack_spatial_convolution(x, weight, bias, [padding, padding], [1, 1])
        """;

    private static readonly Lazy<jit.CompilationUnit?> Unit = new(Compile);

    /// <summary>
    /// Whether this machine and configuration want the path: x86 CPUs with AVX2 and without AVX-512, unless
    /// <see cref="Variable"/> is 0. Read once, before libtorch loads (<see cref="OpenMpWaitPolicy"/> depends on it).
    /// </summary>
    public static bool Wanted { get; } =
        Environment.GetEnvironmentVariable(Variable) != "0" && Avx2.IsSupported && !Avx512F.IsSupported;

    /// <summary>Whether libtorch's NNPACK initialised on this CPU (it refuses CPUs without AVX2).</summary>
    public static bool Available => Unit.Value is not null;

    /// <summary>Which kernels CPU convolutions take here, in words (for <c>explainhub info</c>).</summary>
    public static string Describe() =>
        !Wanted ? "oneDNN (libtorch's default)"
        : Available ? "NNPACK (Winograd/FFT) for 3×3 stride-1 passes without weight gradients (batches of 16+), oneDNN otherwise"
        : "oneDNN (NNPACK did not initialise on this CPU)";

    /// <summary>
    /// <paramref name="conv"/> applied to <paramref name="input"/>: through NNPACK where <see cref="Takes"/> says so,
    /// else the module's own call (hooks included).
    /// </summary>
    public static Tensor Apply(Conv2d conv, Tensor input)
    {
        if (!Takes(conv, input))
        {
            return conv.call(input);
        }

        var padding = conv.padding![0];
        using var weight = conv.weight!.detach();
        using var bias = conv.bias?.detach();
        return is_grad_enabled() && input.requires_grad
            ? NnpackInputGradient.apply(input, weight, bias, padding)
            : Convolve(input, weight, bias, padding);
    }

    /// <summary>
    /// Whether <see cref="Apply"/> takes the NNPACK path for this convolution and input now: wanted and available
    /// here, a float32 CPU batch of at least 16, a 3×3 stride-1 undilated ungrouped convolution of at least 16 input
    /// channels with zero padding 0 or 1, and no weight gradient to record.
    /// </summary>
    public static bool Takes(Conv2d conv, Tensor input) =>
        Wanted
        && input.device_type == TorchSharp.DeviceType.CPU
        && input.dtype == ScalarType.Float32
        && input.dim() == 4
        && input.shape[0] >= MinBatch
        && conv.in_channels >= MinInputChannels
        && conv.kernel_size is [3, 3]
        && conv.stride is [1, 1]
        && conv.dilation is [1, 1]
        && conv.groups == 1
        && conv.padding_mode == TorchSharp.PaddingModes.Zeros
        && conv.padding is [var rows, var columns] && rows == columns && rows is 0 or 1
        && !(is_grad_enabled() && (conv.weight!.requires_grad || conv.bias is { requires_grad: true }))
        && Available;

    /// <summary>NNPACK's convolution of an N×C×H×W batch (made contiguous) with stride 1 and the same zero padding on every side.</summary>
    internal static Tensor Convolve(Tensor input, Tensor weight, Tensor? bias, long padding)
    {
        var unit = Unit.Value ?? throw new InvalidOperationException("NNPACK is not available on this CPU.");
        using var contiguous = input.contiguous();
        using var dense = weight.contiguous();
        return (Tensor)unit.invoke("convolve", contiguous, dense, bias, (int)padding);
    }

    // A libtorch built without NNPACK fails to compile the script: the path is then simply not there.
    private static jit.CompilationUnit? Compile()
    {
        TorchRuntime.EnsureStarted();
        jit.CompilationUnit unit;
        try
        {
            unit = jit.compile(Script + "\n");
        }
        catch (System.Runtime.InteropServices.ExternalException)
        {
            return null;
        }

        using var probe = zeros(1);
        using var answer = (Tensor)unit.invoke("available", probe);
        if (answer.item<long>() == 1)
        {
            // libtorch makes NNPACK's thread pool on the first convolution, unguarded: here, once, under the Lazy's lock.
            using var image = zeros(1, MinInputChannels, 3, 3);
            using var kernel = zeros(1, MinInputChannels, 3, 3);
            using var _ = (Tensor)unit.invoke("convolve", image, kernel, null, 0);
            return unit;
        }

        unit.Dispose();
        return null;
    }
}
