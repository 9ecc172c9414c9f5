using System.Buffers.Binary;
using System.IO.Compression;

namespace ExplainHub.Engine.Imaging;

/// <summary>
/// Writes 8-bit grey or RGBA PNG files (PNG spec, ISO/IEC 15948) in managed code, so that a Server talking to a
/// remote engine, and the CLI, can produce images without the native bridge. Decoding is not offered here on
/// purpose: reading arbitrary user PNGs belongs to a real codec (DESIGN §5).
/// </summary>
public static class PngEncoder
{
    private const byte ColorTypeGrey = 0;
    private const byte ColorTypeRgba = 6;

    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>Encodes Height×Width×4 RGBA bytes, row-major, non-premultiplied alpha.</summary>
    public static byte[] EncodeRgba(ReadOnlySpan<byte> rgba, int width, int height) =>
        Encode(rgba, width, height, 4, ColorTypeRgba);

    /// <summary>Encodes Height×Width grey bytes, row-major.</summary>
    public static byte[] EncodeGrey(ReadOnlySpan<byte> grey, int width, int height) =>
        Encode(grey, width, height, 1, ColorTypeGrey);

    /// <summary>A <c>data:</c> URL for an encoded PNG, for an <c>img</c> element's <c>src</c>.</summary>
    public static string ToDataUrl(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);

    private static byte[] Encode(ReadOnlySpan<byte> pixels, int width, int height, int channels, byte colorType)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var stride = checked(width * channels);
        if (pixels.Length != checked(stride * height))
        {
            throw new ArgumentException(
                $"Expected {height}×{width}×{channels} = {stride * height} bytes, got {pixels.Length}.",
                nameof(pixels));
        }

        using var output = new MemoryStream();
        output.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8; // bit depth
        header[9] = colorType;
        header[10] = 0; // compression: deflate
        header[11] = 0; // filter method 0
        header[12] = 0; // no interlace
        WriteChunk(output, "IHDR"u8, header);

        WriteChunk(output, "IDAT"u8, Compress(pixels, stride, height));
        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    /// <summary>
    /// Every scanline gets filter type 0 (None). Small images (28×28 CAM tiles) gain nothing measurable from
    /// adaptive filtering, and None keeps the encoder obviously correct.
    /// </summary>
    private static byte[] Compress(ReadOnlySpan<byte> pixels, int stride, int height)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var y = 0; y < height; y++)
            {
                zlib.WriteByte(0);
                zlib.Write(pixels.Slice(y * stride, stride));
            }
        }

        return compressed.ToArray();
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);

        // The CRC covers the chunk type and data, not the length (PNG spec §5.3).
        var crc = UpdateCrc(0xFFFFFFFFu, type);
        crc = UpdateCrc(crc, data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        output.Write(word);
    }

    private static uint UpdateCrc(uint crc, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    /// <summary>CRC-32 with the reflected polynomial 0xEDB88320, as PNG spec Annex D computes it.</summary>
    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
