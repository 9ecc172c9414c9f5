using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using ExplainHub.Engine.Models;
using ExplainHub.Engine.Models.Export;
using ExplainHub.Engine.Networks;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests.Explain;

/// <summary>
/// The engine's gradient and Grad-CAM maps against PyTorch's (Debian's python3-torch, which test.sh installs) on the
/// same exported weights and images: the reference's ResNet-18 from shared/reference/common.py reads model.safetensors.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class PyTorchCrossCheckTests
{
    private const int Side = 48;
    private const int Count = 6;

    [Fact]
    public void GradientAndGradCam_OfAnExportedResNet_CorrelateAbove0999WithPyTorchs()
    {
        using var directory = new TempDirectory();
        var info = new ModelInfo("m-cross", "cross", ModelKinds.ResNet18, "synthetic", [.. Enumerable.Range(0, 7).Select(c => $"c{c}")], null, 0, DateTimeOffset.UtcNow);
        using var model = ConvNetClassifier.Create(info, 1, Side, Side);
        // A few training steps so batch-norm statistics and weights are not the initial ones.
        var random = new Random(11);
        var images = Enumerable.Range(0, Count * Side * Side).Select(_ => (float)random.NextDouble()).ToArray();
        for (var step = 0; step < 3; step++)
        {
            model.Network.TrainStep(images, [0, 1, 2, 3, 4, 5]);
        }

        NetworkExport.Write(model, directory.Path);
        var imagesFile = Path.Combine(directory.Path, "images.f32");
        File.WriteAllBytes(imagesFile, MemoryMarshal.AsBytes(images.AsSpan()).ToArray());

        var geometry = model.Network.Module.Geometry;
        var targets = RunReference(directory.Path, imagesFile, geometry);
        var gradient = model.Network.InputGradients(images, targets, ofProbability: true);
        var gradCam = model.Network.GradCam(images, targets, layer: null);
        var theirGradient = ReadFloats(Path.Combine(directory.Path, "gradient.f32"));
        var theirGradCam = ReadFloats(Path.Combine(directory.Path, "gradcam.f32"));

        Assert.Equal(targets, gradient.Targets);
        for (var i = 0; i < Count; i++)
        {
            var pixels = Side * Side;
            var g = Correlation.Pearson(gradient.Values.AsSpan(i * pixels, pixels), theirGradient.AsSpan(i * pixels, pixels));
            var c = Correlation.Pearson(gradCam.Maps.AsSpan(i * pixels, pixels), theirGradCam.AsSpan(i * pixels, pixels));
            Assert.True(g > 0.999, $"image {i}: gradient correlation {g:F6}");
            Assert.True(c > 0.999, $"image {i}: Grad-CAM correlation {c:F6}");
        }
    }

    private static long[] RunReference(string exportDirectory, string imagesFile, FeatureGeometry geometry)
    {
        var output = PythonReference.Run(Path.Combine("Explain", "pytorch_attribution.py"),
            PythonReference.Directory(), exportDirectory, imagesFile, Count.ToString(CultureInfo.InvariantCulture),
            Side.ToString(CultureInfo.InvariantCulture), Side.ToString(CultureInfo.InvariantCulture),
            geometry.Stride.ToString(CultureInfo.InvariantCulture), geometry.Offset.ToString(CultureInfo.InvariantCulture), exportDirectory);
        using var json = JsonDocument.Parse(output);
        return [.. json.RootElement.GetProperty("targets").EnumerateArray().Select(t => t.GetInt64())];
    }

    private static float[] ReadFloats(string path) => MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(path)).ToArray();
}
