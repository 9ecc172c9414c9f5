using System.Text;
using ExplainHub.Engine.Imaging;

namespace ExplainHub.Client.Tests.Output;

public sealed class NpyWriterTests
{
    [Fact]
    public void Header_IsExactlyWhatNumpyWrites_ForA28x28Float32Array()
    {
        var header = NpyWriter.Header("<f4", [28, 28]);

        // numpy 1.x/2.x: np.save(f, np.zeros((28, 28), np.float32)) writes this dict, padded to 128 bytes in all.
        const string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (28, 28), }";
        Assert.Equal(128, header.Length);
        Assert.Equal([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 118, 0], header[..10]);
        Assert.Equal(dict + new string(' ', 118 - dict.Length - 1) + "\n", Encoding.ASCII.GetString(header, 10, 118));
    }

    [Theory]
    [InlineData(new[] { 5 }, "(5,)")]
    [InlineData(new[] { 2, 3, 4 }, "(2, 3, 4)")]
    [InlineData(new int[0], "()")]
    public void Header_WritesTheShapeAsAPythonTuple(int[] shape, string tuple)
    {
        var header = Encoding.ASCII.GetString(NpyWriter.Header("<f4", shape));

        Assert.Contains($"'shape': {tuple}, }}", header, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(1000)]
    public void Data_StartsOnA64ByteBoundary(int length)
    {
        var npy = NpyWriter.Float32(new float[length], length);

        Assert.Equal(length * 4, npy.Length - NpyWriter.Header("<f4", [length]).Length);
        Assert.Equal(0, (npy.Length - (length * 4)) % 64);
    }

    [Fact]
    public void Data_IsLittleEndianFloat32_InRowMajorOrder()
    {
        var npy = NpyWriter.Float32([1f, -2.5f, float.NaN, 0.1f, 3f, 4f], 2, 3);

        var (header, values) = NpyChecker.Read(npy);
        Assert.Equal("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", header);
        Assert.Equal([1f, -2.5f, float.NaN, 0.1f, 3f, 4f], values);
        Assert.Equal([0x00, 0x00, 0x80, 0x3F], npy[^24..^20]);
    }

    [Fact]
    public void Float32_Rejects_AShapeThatDoesNotHoldTheValues()
    {
        Assert.Throws<ArgumentException>(() => NpyWriter.Float32(new float[10], 3, 3));
    }
}
