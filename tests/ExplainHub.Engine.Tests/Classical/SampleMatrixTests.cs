using ExplainHub.Engine.Models.Classical;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests.Classical;

public sealed class SampleMatrixTests
{
    [Fact]
    public void OneClass_IsRefused_WithAMessageSayingSo()
    {
        var error = Assert.Throws<EngineException>(() => new SampleMatrix(new float[8], [1, 1, 1, 1], 2, 3));
        Assert.Equal(EngineErrorKind.InvalidRequest, error.Kind);
        Assert.Contains("only one class", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NaNPixels_AreRefused_NamingTheSampleAndFeature()
    {
        var values = new float[8];
        values[5] = float.NaN;
        var error = Assert.Throws<EngineException>(() => new SampleMatrix(values, [0, 1, 0, 1], 2, 2));
        Assert.Contains("Sample 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("feature 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MismatchedShapes_AreRefused()
    {
        var error = Assert.Throws<EngineException>(() => new SampleMatrix(new float[7], [0, 1, 0, 1], 2, 2));
        Assert.Contains("same shape", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelsOutsideTheClasses_AreRefused()
    {
        Assert.Throws<EngineException>(() => new SampleMatrix(new float[4], [0, 2], 2, 2));
    }
}
