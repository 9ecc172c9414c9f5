using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace ExplainHub.Engine.Imaging;

/// <summary>
/// Writes NumPy's .npy format, version 1.0 (numpy.lib.format): the magic "\x93NUMPY", version bytes 1 0, a
/// little-endian uint16 header length, then an ASCII dict literal padded with spaces and ended by '\n' so that
/// the data starts at a multiple of 64 bytes, then the array in C order. <c>numpy.load</c> reads it as is.
/// </summary>
public static class NpyWriter
{
    private const int Alignment = 64;

    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0];

    /// <summary>A little-endian float32 array of the given shape (row-major).</summary>
    public static byte[] Float32(ReadOnlySpan<float> values, params ReadOnlySpan<int> shape)
    {
        long count = 1;
        foreach (var dimension in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dimension, nameof(shape));
            count *= dimension;
        }

        if (count != values.Length)
        {
            throw new ArgumentException($"Shape ({string.Join(", ", shape.ToArray())}) holds {count} values, not {values.Length}.", nameof(shape));
        }

        var header = Header("<f4", shape);
        var bytes = new byte[header.Length + (values.Length * sizeof(float))];
        header.CopyTo(bytes, 0);
        var data = bytes.AsSpan(header.Length);
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(data[(i * sizeof(float))..], values[i]);
        }

        return bytes;
    }

    /// <summary>Magic, version, length and the padded dict: everything before the data.</summary>
    public static byte[] Header(string descr, ReadOnlySpan<int> shape)
    {
        // Python's tuple syntax: a one-element tuple needs its trailing comma.
        var dimensions = string.Join(", ", shape.ToArray().Select(d => d.ToString(CultureInfo.InvariantCulture)));
        var tuple = shape.Length == 1 ? $"({dimensions},)" : $"({dimensions})";
        var dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {tuple}, }}";

        var unpadded = Magic.Length + sizeof(ushort) + dict.Length + 1;
        var padding = (Alignment - (unpadded % Alignment)) % Alignment;
        var headerLength = dict.Length + padding + 1;
        if (headerLength > ushort.MaxValue)
        {
            throw new ArgumentException("Shape too long for an .npy 1.0 header.", nameof(shape));
        }

        var header = new byte[Magic.Length + sizeof(ushort) + headerLength];
        Magic.CopyTo(header, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(Magic.Length), (ushort)headerLength);
        var text = header.AsSpan(Magic.Length + sizeof(ushort));
        Encoding.ASCII.GetBytes(dict, text);
        text[dict.Length..^1].Fill((byte)' ');
        text[^1] = (byte)'\n';
        return header;
    }
}
