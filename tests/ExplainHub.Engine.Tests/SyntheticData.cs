using ExplainHub.Engine.Data;

namespace ExplainHub.Engine.Tests;

/// <summary>Small data sets whose right answer is known by construction.</summary>
public static class SyntheticData
{
    /// <summary>
    /// Class 1: a bright <paramref name="patch"/>×<paramref name="patch"/> square at a random place on faint noise;
    /// class 0: faint noise only. Returns the data set and, per test image, the patch's top-left corner.
    /// </summary>
    public static (InMemoryDataset Dataset, (int Row, int Col)[] TestPatches) BrightPatch(
        int train, int test, int side = 28, int patch = 6, int seed = 1)
    {
        var random = new Random(seed);
        (byte[] Pixels, int[] Labels, (int, int)[] Corners) Make(int count)
        {
            var pixels = new byte[count * side * side];
            var labels = new int[count];
            var corners = new (int, int)[count];
            for (var i = 0; i < count; i++)
            {
                var image = pixels.AsSpan(i * side * side, side * side);
                for (var p = 0; p < image.Length; p++)
                {
                    image[p] = (byte)random.Next(0, 60);
                }

                labels[i] = i % 2;
                corners[i] = (-1, -1);
                if (labels[i] == 1)
                {
                    var row = random.Next(0, side - patch + 1);
                    var col = random.Next(0, side - patch + 1);
                    corners[i] = (row, col);
                    for (var r = row; r < row + patch; r++)
                    {
                        for (var c = col; c < col + patch; c++)
                        {
                            image[(r * side) + c] = (byte)random.Next(200, 256);
                        }
                    }
                }
            }

            return (pixels, labels, corners);
        }

        var tr = Make(train);
        var te = Make(test);
        var dataset = new InMemoryDataset("bright-patch", "Bright patch", 1, side, side, ["plain", "patch"],
            tr.Pixels, tr.Labels, te.Pixels, te.Labels);
        return (dataset, te.Corners);
    }
}
