using ExplainHub.Engine.Explain;
using ExplainHub.Engine.Networks;
using static TorchSharp.torch;

namespace ExplainHub.Engine.Tests.Explain;

/// <summary>A 2×2 map whose cells sit at input pixels 4 and 8 (stride 4, offset 4), placed on a 12×12 input.</summary>
[Collection(NativeCollection.Name)]
public sealed class CamUpsamplerTests
{
    private const int Side = 12;
    private static readonly FeatureGeometry Cells = new(4, 4);

    [Fact]
    public void EachCell_LandsOnItsCentre_AndBetweenCentresTheMapIsBilinear()
    {
        var placed = Place([1, 2, 3, 4]);

        Assert.Equal(1f, placed[(4 * Side) + 4], 5);
        Assert.Equal(2f, placed[(4 * Side) + 8], 5);
        Assert.Equal(3f, placed[(8 * Side) + 4], 5);
        Assert.Equal(4f, placed[(8 * Side) + 8], 5);
        Assert.Equal(2.5f, placed[(6 * Side) + 6], 5);
        Assert.Equal((8 * Side) + 8, Heatmap.ArgMax(placed));
    }

    [Fact]
    public void BeyondTheOutermostCentres_AMapFadesToItsLowestCell_NotToZero()
    {
        // A class the model did not predict: every cell negative. Zero beyond the centres would make the image's frame
        // its most important region.
        var placed = Place([-1, -2, -3, -4]);

        Assert.Equal((4 * Side) + 4, Heatmap.ArgMax(placed));
        Assert.All(placed, v => Assert.InRange(v, -4f, -1f));
        Assert.Equal(-4f, placed[0], 5);
        Assert.True(placed[(4 * Side) + 2] < placed[(4 * Side) + 4], "left of the first centre the map falls toward its lowest cell");

        // A non-negative map keeps fading toward its own lowest value, so the frame never outranks an edge cell.
        var positive = Place([1, 2, 3, 4]);
        Assert.All(positive, v => Assert.InRange(v, 1f, 4f));
        Assert.True(positive[(Side * Side) - 1] < positive[(8 * Side) + 8]);
    }

    [Fact]
    public void AnAxisOfOneCell_IsPlacedByItsGeometryToo_NotStretched()
    {
        // Three cells in one column (a tall, narrow image): rows 4, 8, 12 and column 4 of a 16×12 input.
        using var scope = NewDisposeScope();
        var placed = TensorData.ToFloats(CamUpsampler.ToInput(TensorData.From([1f, 2f, 3f], 1, 1, 3, 1), Cells, 16, Side));

        Assert.Equal(1f, placed[(4 * Side) + 4], 5);
        Assert.Equal(2f, placed[(8 * Side) + 4], 5);
        Assert.Equal(3f, placed[(12 * Side) + 4], 5);
        Assert.Equal(1.5f, placed[(6 * Side) + 4], 5);
        Assert.Equal((12 * Side) + 4, Heatmap.ArgMax(placed));
        Assert.Equal(2f, placed[(12 * Side) + 6], 5); // half a stride beside the column: halfway to the lowest cell
        Assert.Equal(1f, placed[(12 * Side) + 11], 5);
    }

    private static float[] Place(float[] cells)
    {
        using var scope = NewDisposeScope();
        var maps = TensorData.From(cells, 1, 1, 2, 2);
        return TensorData.ToFloats(CamUpsampler.ToInput(maps, Cells, Side, Side));
    }
}
