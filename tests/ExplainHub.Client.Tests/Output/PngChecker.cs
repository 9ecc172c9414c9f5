using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace ExplainHub.Client.Tests.Output;

/// <summary>
/// Reads back what the CLI wrote, checking it against the PNG spec rather than against the encoder: signature,
/// chunk order, every chunk's CRC (computed bit by bit here, independently of the encoder's table) and IHDR fields,
/// then inflates IDAT and undoes the scanline filters to give the pixels. Test-only; it assumes 8-bit samples.
/// </summary>
internal static class PngChecker
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static PngImage Read(byte[] png)
    {
        Assert.Equal(Signature, png[..8]);
        var chunks = new List<(string Type, byte[] Data)>();
        var offset = 8;
        while (offset < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var typeAndData = png.AsSpan(offset + 4, 4 + length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            var type = Encoding.ASCII.GetString(typeAndData[..4]);
            Assert.True(Crc32(typeAndData) == crc, $"CRC mismatch in chunk {type}");
            chunks.Add((type, typeAndData[4..].ToArray()));
            offset += 12 + length;
        }

        Assert.Equal(png.Length, offset);
        Assert.Equal("IHDR", chunks[0].Type);
        Assert.Equal("IEND", chunks[^1].Type);
        Assert.Empty(chunks[^1].Data);

        var header = chunks[0].Data;
        Assert.Equal(13, header.Length);
        var width = BinaryPrimitives.ReadInt32BigEndian(header);
        var height = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
        Assert.Equal(8, header[8]);
        var channels = header[9] switch
        {
            0 => 1,
            2 => 3,
            4 => 2,
            6 => 4,
            var other => throw new InvalidDataException($"Unexpected colour type {other}."),
        };
        Assert.Equal([0, 0, 0], header[10..13]);

        using var compressed = new MemoryStream(chunks.Where(c => c.Type == "IDAT").SelectMany(c => c.Data).ToArray());
        using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
        using var inflated = new MemoryStream();
        zlib.CopyTo(inflated);
        return new PngImage(width, height, channels, Unfilter(inflated.ToArray(), width * channels, height, channels));
    }

    /// <summary>CRC-32 (ISO 3309) computed bit by bit, the slow way the spec's Annex D describes before its table.</summary>
    public static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    private static byte[] Unfilter(byte[] data, int stride, int height, int bytesPerPixel)
    {
        Assert.Equal((stride + 1) * height, data.Length);
        var pixels = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = data[y * (stride + 1)];
            for (var x = 0; x < stride; x++)
            {
                int raw = data[(y * (stride + 1)) + 1 + x];
                int a = x >= bytesPerPixel ? pixels[(y * stride) + x - bytesPerPixel] : 0;
                int b = y > 0 ? pixels[((y - 1) * stride) + x] : 0;
                int c = x >= bytesPerPixel && y > 0 ? pixels[((y - 1) * stride) + x - bytesPerPixel] : 0;
                var predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"Unknown filter {filter} on row {y}."),
                };
                pixels[(y * stride) + x] = (byte)(raw + predictor);
            }
        }

        return pixels;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
