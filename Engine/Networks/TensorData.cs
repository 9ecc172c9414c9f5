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
