using System.Buffers.Binary;
using System.Text;

namespace ExplainHub.Client.Tests.Output;

/// <summary>Reads a float32 .npy 1.0 file back, asserting the layout numpy.lib.format prescribes.</summary>
internal static class NpyChecker
{
    public static (string Header, float[] Values) Read(byte[] npy)
    {
        Assert.Equal([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0], npy[..8]);
        var headerLength = BinaryPrimitives.ReadUInt16LittleEndian(npy.AsSpan(8));
        var dataStart = 10 + headerLength;
        Assert.Equal(0, dataStart % 64);
        var header = Encoding.ASCII.GetString(npy, 10, headerLength);
        Assert.EndsWith("\n", header, StringComparison.Ordinal);

        var values = new float[(npy.Length - dataStart) / 4];
        Assert.Equal(npy.Length - dataStart, values.Length * 4);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(npy.AsSpan(dataStart + (4 * i)));
        }

        return (header.TrimEnd('\n').TrimEnd(' '), values);
    }
}
