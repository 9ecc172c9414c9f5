using ExplainHub.Engine.Networks;
using ExplainHub.Engine.Scores;
using static TorchSharp.torch;

namespace ExplainHub.Engine.Tests.Scores;

[Collection(NativeCollection.Name)]
public sealed class DeletionInsertionTests
{
    private const int Side = 4;
    private const int Pixels = Side * Side;
    private const int Decisive = 5;

    [Fact]
    public void APerfectMap_OfAModelThatReadsOnePixel_DeletesAtOnce_AndBeatsRandomMaps()
    {
        using var scope = NewDisposeScope();
        var weights = new float[Pixels];
        weights[Decisive] = 10;
        var toy = new LogisticToy(Side, weights, -5);
        var model = new ModelProbabilities(toy);
        var images = TensorData.From(Enumerable.Repeat(1f, Pixels).ToArray(), 1, 1, Side, Side);
        var batch = ScoringBatch.Create(model, images, [0], [1], zeros_like(images));

        var perfect = new float[Pixels];
        perfect[Decisive] = 1;
        var curve = DeletionInsertion.Measure(model, batch, perfect, Pixels, "toy", "perfect", "zeros");

        double High = (float)(1 / (1 + Math.Exp(-5))), Low = (float)(1 / (1 + Math.Exp(5)));
        Assert.Equal(High, curve.Deletion[0], 9);
        Assert.All(curve.Deletion.Skip(1), p => Assert.Equal(Low, p, 9));
        Assert.Equal(Low, curve.Insertion[0], 9);
        Assert.All(curve.Insertion.Skip(1), p => Assert.Equal(High, p, 9));
        Assert.Equal((((High + Low) / 2) + ((Pixels - 1) * Low)) / Pixels, curve.DeletionAuc, 9);
        Assert.Equal((((High + Low) / 2) + ((Pixels - 1) * High)) / Pixels, curve.InsertionAuc, 9);

        var random = new Random(9);
        for (var trial = 0; trial < 20; trial++)
        {
            var map = Enumerable.Range(0, Pixels).Select(_ => (float)random.NextDouble()).ToArray();
            if (Array.IndexOf(map, map.Max()) == Decisive)
            {
                continue;
            }

            var other = DeletionInsertion.Measure(model, batch, map, Pixels, "toy", "random", "zeros");
            Assert.True(other.DeletionAuc > curve.DeletionAuc, $"trial {trial}: {other.DeletionAuc} vs {curve.DeletionAuc}");
            Assert.True(other.InsertionAuc < curve.InsertionAuc, $"trial {trial}: {other.InsertionAuc} vs {curve.InsertionAuc}");
        }
    }
}
