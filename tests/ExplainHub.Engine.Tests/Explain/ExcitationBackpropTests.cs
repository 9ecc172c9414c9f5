using ExplainHub.Engine.Networks;
using ExplainHub.Shared;
using static TorchSharp.torch;

namespace ExplainHub.Engine.Tests.Explain;

[Collection(NativeCollection.Name)]
public sealed class ExcitationBackpropTests
{
    private const int Side = 14;

    [Fact]
    public void MarginalWinningProbabilities_AtPool1_EqualAHandComputation_AndSumToOne()
    {
        // Seed CNN on 14×14: conv1 → 32×12×12, pool1 → 32×6×6, conv2 → 64×4×4, pool2 → 64×2×2 = F.
        using var network = TorchNetwork.Create(ModelKinds.SeedCnn, 1, Side, Side, 3);
        var random = new Random(7);
        var image = Enumerable.Range(0, Side * Side).Select(_ => (float)random.NextDouble()).ToArray();
        const int target = 2;

        var (maps, shape) = network.ExcitationAtLayer(image, [target], "pool1", contrastive: false);
        Assert.Equal([1L, 6, 6], shape);
        var expected = HandComputed(network, image, target);
        for (var i = 0; i < 36; i++)
        {
            // A tolerance, not rounding to 6 places: float32 sums differ in the 8th digit and rounding flips across a boundary.
            Assert.Equal(expected[i], maps[i], 1e-6);
        }

        Assert.All(maps, v => Assert.True(v >= 0));
        Assert.Equal(1.0, maps.Sum(v => (double)v), 5);
        var contrastive = network.ExcitationAtLayer(image, [target], "pool1", contrastive: true).Maps;
        Assert.All(contrastive, v => Assert.True(v >= 0));
        Assert.True(contrastive.Sum() < 1);
    }

    [Fact]
    public void TargetMinusOne_AtALayer_IsThePredictedClass()
    {
        using var network = TorchNetwork.Create(ModelKinds.SeedCnn, 1, Side, Side, 3);
        var random = new Random(9);
        var image = Enumerable.Range(0, Side * Side).Select(_ => (float)random.NextDouble()).ToArray();
        var probabilities = network.Predict(image);
        var predicted = Array.IndexOf(probabilities, probabilities.Max());
        var other = (predicted + 1) % 3;

        var asPredicted = network.ExcitationAtLayer(image, [-1], "pool1", contrastive: true).Maps;

        Assert.Equal(network.ExcitationAtLayer(image, [predicted], "pool1", contrastive: true).Maps, asPredicted);
        Assert.NotEqual(network.ExcitationAtLayer(image, [other], "pool1", contrastive: true).Maps, asPredicted);
    }

    [Fact]
    public void Excitation_OfVggFiveConvAndResNet_IsNonNegative_AndSumsToOne()
    {
        var random = new Random(8);
        foreach (var (kind, side, layer) in new[]
        {
            (ModelKinds.Vgg13Bn, 32, "block2"), (ModelKinds.FiveConvCnn, 16, "pool2"),
            (ModelKinds.ResNet18, 16, "layer2"), (ModelKinds.ResNet18, 16, "stem"), (ModelKinds.ResNet34, 16, "layer3"),
        })
        {
            using var network = TorchNetwork.Create(kind, 1, side, side, 4);
            var image = Enumerable.Range(0, side * side).Select(_ => (float)random.NextDouble()).ToArray();
            var maps = network.ExcitationAtLayer(image, [1], layer, contrastive: false).Maps;
            Assert.Equal(1.0, maps.Sum(v => (double)v), 4);
            Assert.All(maps, v => Assert.True(v >= 0));
        }
    }

    [Fact]
    public void ResNet_CoversEveryLayer_AndReadsCMwpAtStrideFour_LikeSeed002sPool2()
    {
        using var small = TorchNetwork.Create(ModelKinds.ResNet18, 1, 16, 16, 4);
        Assert.All(small.LayerNames, layer => Assert.Null(small.ExcitationGap(layer)));
        Assert.Equal("layer3", small.ExcitationLayer);
        using var large = TorchNetwork.Create(ModelKinds.ResNet18, 3, 96, 96, 4);
        Assert.Equal("layer1", large.ExcitationLayer);
        var image = Enumerable.Range(0, 3 * 96 * 96).Select(i => (float)((i * 37 % 101) / 100.0)).ToArray();
        var (maps, shape) = large.ExcitationAtLayer(image, [2], "maxpool", contrastive: false);
        Assert.Equal([1L, 24, 24], shape);
        Assert.Equal(1.0, maps.Sum(v => (double)v), 4);
    }

    [Fact]
    public void AResidualBlockWhoseBranchIsSwitchedOff_PassesEveryProbabilityThroughItsShortcut()
    {
        // With bn2's γ = β = 0 the branch adds exactly 0: layer1 (identity shortcuts) computes relu(x) = x, and eq. 6
        // gives the whole of each output's probability to x. So the MWP below layer1 equals the MWP above it.
        // Seeded, and of the predicted class: with some random weights (the global generator's state depends on which
        // tests ran before) a class's contrastive MWP is all but 0 and the comparison would say nothing.
        manual_seed(11);
        using var network = TorchNetwork.Create(ModelKinds.ResNet18, 1, 16, 16, 4);
        using (no_grad())
        {
            foreach (var (name, parameter) in network.Module.named_parameters())
            {
                if (name.StartsWith("layer1.", StringComparison.Ordinal) && name.Contains(".bn2.", StringComparison.Ordinal))
                {
                    parameter.zero_();
                }
            }
        }

        var random = new Random(9);
        var image = Enumerable.Range(0, 16 * 16).Select(_ => (float)random.NextDouble()).ToArray();
        foreach (var contrastive in new[] { false, true })
        {
            var above = network.ExcitationAtLayer(image, [-1], "layer1", contrastive).Maps;
            var below = network.ExcitationAtLayer(image, [-1], "stem", contrastive).Maps;
            Assert.Equal(above.Length, below.Length);
            Assert.True(above.Sum() > 0.01f);
            for (var i = 0; i < above.Length; i++)
            {
                Assert.Equal(above[i], below[i], 1e-6);
            }
        }
    }

    // Zhang et al. 2016 eq. 5–7 by loops over the activations the network computes.
    private static float[] HandComputed(TorchNetwork network, float[] image, int target)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var module = network.Module;
        var x = tensor(image, [1, 1, Side, Side]);
        var pool1 = module.RunStages(module.Standardize(x), 0, 2).data<float>().ToArray(); // 32×6×6
        var conv2Out = module.RunStages(module.Standardize(x), 0, 3).data<float>().ToArray(); // 64×4×4 after ReLU
        var f = module.Features(x).data<float>().ToArray(); // 64×2×2
        var w = module.Head.weight!.data<float>().ToArray(); // 3×64
        var conv2 = module.named_children().Single(c => c.name == "conv2").module;
        var k2 = ((TorchSharp.Modules.Conv2d)conv2).weight!.data<float>().ToArray(); // 64×32×3×3

        // Head → GAP features g_k = mean F_k: P(g_k) = g_k w⁺_k / Σ g w⁺; GAP → F: P(F_k,p) = P(g_k) F_k,p / Σ_p F_k,p.
        var g = new double[64];
        for (var k = 0; k < 64; k++)
        {
            g[k] = Enumerable.Range(0, 4).Sum(p => (double)f[(k * 4) + p]) / 4;
        }

        var total = Enumerable.Range(0, 64).Sum(k => g[k] * Math.Max(0, w[(target * 64) + k]));
        var pF = new double[64 * 4];
        for (var k = 0; k < 64; k++)
        {
            var pg = total > 0 ? g[k] * Math.Max(0, w[(target * 64) + k]) / total : 0;
            var sum = 4 * g[k];
            for (var p = 0; p < 4; p++)
            {
                pF[(k * 4) + p] = sum > 0 ? pg * f[(k * 4) + p] / sum : 0;
            }
        }

        // pool2: each 2×2 window's probability goes to its max in conv2's output (first one on ties, as max_pool2d's index).
        var pConv2 = new double[64 * 16];
        for (var k = 0; k < 64; k++)
        {
            for (var oy = 0; oy < 2; oy++)
            {
                for (var ox = 0; ox < 2; ox++)
                {
                    var (by, bx) = (2 * oy, 2 * ox);
                    for (var dy = 0; dy < 2; dy++)
                    {
                        for (var dx = 0; dx < 2; dx++)
                        {
                            if (conv2Out[(k * 16) + (((2 * oy) + dy) * 4) + (2 * ox) + dx] > conv2Out[(k * 16) + (by * 4) + bx])
                            {
                                (by, bx) = ((2 * oy) + dy, (2 * ox) + dx);
                            }
                        }
                    }

                    pConv2[(k * 16) + (by * 4) + bx] += pF[(k * 4) + (oy * 2) + ox];
                }
            }
        }

        // ReLU passes it on; conv2 (valid 3×3): P(a_c,y,x) = Σ_o,dy,dx a_c,y,x w⁺_o,c,dy,dx P(z_o,y−dy,x−dx) / z⁺_o,y−dy,x−dx.
        var z = new double[64 * 16];
        for (var o = 0; o < 64; o++)
        {
            for (var y = 0; y < 4; y++)
            {
                for (var xx = 0; xx < 4; xx++)
                {
                    double s = 0;
                    for (var c = 0; c < 32; c++)
                    {
                        for (var dy = 0; dy < 3; dy++)
                        {
                            for (var dx = 0; dx < 3; dx++)
                            {
                                s += pool1[(c * 36) + ((y + dy) * 6) + xx + dx] * Math.Max(0, k2[(((o * 32) + c) * 9) + (dy * 3) + dx]);
                            }
                        }
                    }

                    z[(o * 16) + (y * 4) + xx] = s;
                }
            }
        }

        var map = new float[36];
        for (var c = 0; c < 32; c++)
        {
            for (var o = 0; o < 64; o++)
            {
                for (var y = 0; y < 4; y++)
                {
                    for (var xx = 0; xx < 4; xx++)
                    {
                        var zo = z[(o * 16) + (y * 4) + xx];
                        if (zo <= 0)
                        {
                            continue;
                        }

                        var share = pConv2[(o * 16) + (y * 4) + xx] / zo;
                        for (var dy = 0; dy < 3; dy++)
                        {
                            for (var dx = 0; dx < 3; dx++)
                            {
                                var at = ((y + dy) * 6) + xx + dx;
                                map[at] += (float)(pool1[(c * 36) + at] * Math.Max(0, k2[(((o * 32) + c) * 9) + (dy * 3) + dx]) * share);
                            }
                        }
                    }
                }
            }
        }

        return map;
    }
}
