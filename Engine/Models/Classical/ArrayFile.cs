using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// Float32 matrices on disk: "EHF1", rows and columns as little-endian int32, then the values, row-major. Small,
/// exact and memory-mappable by numpy (np.fromfile(offset=12)); a truncated file fails with a message naming it.
/// </summary>
public static class ArrayFile
{
    private static readonly byte[] Magic = "EHF1"u8.ToArray();

    public static void WriteRows(string path, float[][] rows)
    {
        var columns = rows.Length == 0 ? 0 : rows[0].Length;
        var flat = new float[(long)rows.Length * columns];
        for (var r = 0; r < rows.Length; r++)
        {
            rows[r].CopyTo(flat, r * columns);
        }

        Write(path, flat, rows.Length, columns);
    }

    public static void Write(string path, ReadOnlySpan<float> values, int rows, int columns)
    {
        if (values.Length != (long)rows * columns)
        {
            throw new ArgumentException($"{values.Length} values do not make a {rows}×{columns} matrix.");
        }

        using var stream = File.Create(path);
        Span<byte> header = stackalloc byte[12];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], rows);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], columns);
        stream.Write(header);
        stream.Write(MemoryMarshal.AsBytes(values));
    }

    public static (float[] Values, int Rows, int Columns) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 12 || !bytes.AsSpan(0, 4).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{path} is not an ExplainHub array file.");
        }

        var rows = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4));
        var columns = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        var expected = 12 + ((long)rows * columns * sizeof(float));
        if (rows < 0 || columns < 0 || bytes.Length != expected)
        {
            throw new InvalidDataException($"{path} should hold {rows}×{columns} floats ({expected} bytes) but has {bytes.Length} bytes.");
        }

        return (MemoryMarshal.Cast<byte, float>(bytes.AsSpan(12)).ToArray(), rows, columns);
    }

    public static float[][] ReadRows(string path)
    {
        var (values, rows, columns) = Read(path);
        var result = new float[rows][];
        for (var r = 0; r < rows; r++)
        {
            result[r] = values.AsSpan(r * columns, columns).ToArray();
        }

        return result;
    }
}
