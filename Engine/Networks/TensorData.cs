using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace ExplainHub.Engine.Networks;

/// <summary>Copies between .NET buffers and CPU tensors at memcpy speed (one copy each way, no per-element loop).</summary>
public static class TensorData
{
    public static Tensor From(ReadOnlySpan<float> values, params long[] shape)
    {
        var tensor = empty(shape, ScalarType.Float32);
        values.CopyTo(MemoryMarshal.Cast<byte, float>(tensor.bytes));
        return tensor;
    }

    /// <summary>
    /// Images (count×C×H×W values, row-major) as an NCHW tensor laid out channels-last in memory: libtorch's CPU
    /// convolutions then run in the layout oneDNN prefers and keep it through the network — about 3× the inference
    /// throughput of the seed CNN here. Strides are set explicitly: with one channel, permuting does not change them.
    /// </summary>
    public static Tensor ImagesChannelsLast(ReadOnlySpan<float> values, long count, long channels, long height, long width)
    {
        using var scope = NewDisposeScope();
        return ChannelsLast(From(values, count, channels, height, width)).MoveToOuterDisposeScope();
    }

    /// <summary>An N×C×H×W tensor's values copied into channels-last memory (<see cref="ImagesChannelsLast"/>).</summary>
    public static Tensor ChannelsLast(Tensor images)
    {
        var (count, channels, height, width) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3]);
        using var scope = NewDisposeScope();
        var pixelsFirst = images.permute(0, 2, 3, 1).contiguous();
        // contiguous() returns a view as it is when it already is (one channel: a narrowed batch), storage offset and all;
        // as_strided counts from the storage's start unless told that offset.
        return pixelsFirst.as_strided([count, channels, height, width], [height * width * channels, 1, width * channels, channels], pixelsFirst.storage_offset())
            .MoveToOuterDisposeScope();
    }

    public static Tensor From(ReadOnlySpan<double> values, params long[] shape)
    {
        var tensor = empty(shape, ScalarType.Float64);
        values.CopyTo(MemoryMarshal.Cast<byte, double>(tensor.bytes));
        return tensor;
    }

    public static Tensor From(ReadOnlySpan<long> values, params long[] shape)
    {
        var tensor = empty(shape, ScalarType.Int64);
        values.CopyTo(MemoryMarshal.Cast<byte, long>(tensor.bytes));
        return tensor;
    }

    /// <summary>A tensor of <paramref name="shape"/> (uint8) holding <paramref name="bytes"/>, e.g. a generator's saved state.</summary>
    public static Tensor FromBytes(ReadOnlySpan<byte> bytes, long[] shape)
    {
        var tensor = empty(shape, ScalarType.Byte);
        bytes.CopyTo(tensor.bytes);
        return tensor;
    }

    /// <summary>The values of <paramref name="tensor"/> (any device) as float32, row-major.</summary>
    public static float[] ToFloats(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        var cpu = tensor.detach().to(ScalarType.Float32, CPU).contiguous();
        return MemoryMarshal.Cast<byte, float>(cpu.bytes).ToArray();
    }

    public static double[] ToDoubles(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        var cpu = tensor.detach().to(ScalarType.Float64, CPU).contiguous();
        return MemoryMarshal.Cast<byte, double>(cpu.bytes).ToArray();
    }

    public static long[] ToLongs(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        var cpu = tensor.detach().to(ScalarType.Int64, CPU).contiguous();
        return MemoryMarshal.Cast<byte, long>(cpu.bytes).ToArray();
    }

    /// <summary>Writes <paramref name="tensor"/> as float32 into <paramref name="output"/>, which must hold exactly its values.</summary>
    public static void CopyTo(Tensor tensor, Span<float> output)
    {
        using var scope = NewDisposeScope();
        var cpu = tensor.detach().to(ScalarType.Float32, CPU).contiguous();
        MemoryMarshal.Cast<byte, float>(cpu.bytes).CopyTo(output);
    }

    public static void CopyTo(Tensor tensor, Span<double> output)
    {
        using var scope = NewDisposeScope();
        var cpu = tensor.detach().to(ScalarType.Float64, CPU).contiguous();
        MemoryMarshal.Cast<byte, double>(cpu.bytes).CopyTo(output);
    }
}
