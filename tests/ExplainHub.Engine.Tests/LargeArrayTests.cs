using ExplainHub.Engine.Native;

namespace ExplainHub.Engine.Tests;

/// <summary>The huge-page scratch arrays of the kernel SVMs, small and large.</summary>
public sealed class LargeArrayTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(3 << 20)]
    public void LargeArray_HoldsWhatIsWritten_AndRefusesUseAfterDispose(int length)
    {
        var array = new LargeArray<double>(length);
        var span = array.Span;
        for (var i = 0; i < span.Length; i += 4099)
        {
            span[i] = i * 0.5;
        }

        Assert.Equal(length, array.Span.Length);
        for (var i = 0; i < span.Length; i += 4099)
        {
            Assert.Equal(i * 0.5, array.Span[i]);
        }

        array.Dispose();
        array.Dispose();
        Assert.Throws<ObjectDisposedException>(() => array.Span.Length);
    }
}
