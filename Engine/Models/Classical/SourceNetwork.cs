using ExplainHub.Shared;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// The trained network a hybrid model is built on. The hybrid keeps its own copy (saved in its folder under
/// <see cref="Folder"/>), so deleting or retraining the source never changes a hybrid, and a saved hybrid loads on
/// its own. Images go through it in batches to bound memory.
/// </summary>
public static class SourceNetwork
{
    public const string Folder = "source";

    private const int Batch = 512;

    /// <summary>The trained network <paramref name="sourceId"/>, refused with what to do when there is none.</summary>
    public static ConvNetClassifier Find(Func<string, IClassifier> findModel, string? sourceId, string hybridKind)
    {
        if (string.IsNullOrWhiteSpace(sourceId))
        {
            throw Invalid($"{hybridKind} is built on a trained network: train a network first ({string.Join(", ", ModelKinds.Networks)}) and pass its id as the source model.");
        }

        return findModel(sourceId) as ConvNetClassifier
            ?? throw Invalid($"Model '{sourceId}' is not a network ({string.Join(", ", ModelKinds.Networks)}); {hybridKind} needs one.");
    }

    /// <summary>
    /// Fits a hybrid on an owned copy of the network <paramref name="sourceId"/>, after checking it fits the data; the
    /// copy is freed when the fit fails.
    /// </summary>
    public static IClassifier FitOnCopy(Func<string, IClassifier>? findModel, string? sourceId, string hybridKind, ImageShape shape, int classes,
        Func<ConvNetClassifier, IClassifier> fit)
    {
        if (findModel is null)
        {
            throw new InvalidOperationException($"{hybridKind} needs the engine's model store to find its network.");
        }

        var network = Find(findModel, sourceId, hybridKind);
        if (network.Channels != shape.Channels || network.Height != shape.Height || network.Width != shape.Width
            || network.Info.ClassNames.Count != classes)
        {
            throw Invalid($"Network '{sourceId}' takes {network.Channels}×{network.Height}×{network.Width} images of {network.Info.ClassNames.Count} classes; the data are {shape} of {classes}.");
        }

        var copy = Copy(network);
        try
        {
            return fit(copy);
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }

    private static ConvNetClassifier Copy(ConvNetClassifier network)
    {
        var scratch = Directory.CreateTempSubdirectory("explainhub-source-");
        try
        {
            network.Save(scratch.FullName);
            return ConvNetClassifier.Load(scratch.FullName);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    public static void Save(ConvNetClassifier network, string hybridDirectory) => network.Save(Path.Combine(hybridDirectory, Folder));

    public static ConvNetClassifier Load(string hybridDirectory)
    {
        var directory = Path.Combine(hybridDirectory, Folder);
        if (!ConvNetClassifier.IsSaved(directory))
        {
            throw new FileNotFoundException($"The network of the hybrid model in {hybridDirectory} is missing ({directory}).", directory);
        }

        return ConvNetClassifier.Load(directory);
    }

    /// <summary>The GAP features of count images, count×K.</summary>
    public static float[] Features(ConvNetClassifier network, ReadOnlySpan<float> images, int count, FitMonitor? monitor = null)
    {
        var k = network.Network.FeatureCount;
        var size = network.Channels * network.Height * network.Width;
        var features = new float[(long)count * k];
        for (var start = 0; start < count; start += Batch)
        {
            monitor?.Step("features", start, count);
            var n = Math.Min(Batch, count - start);
            network.Network.Features(images.Slice(start * size, n * size)).CopyTo(features.AsSpan(start * k, n * k));
        }

        return features;
    }

    /// <summary>The raw CAM of each image's predicted class, count×Height×Width.</summary>
    public static float[] PredictedClassCams(ConvNetClassifier network, ReadOnlySpan<float> images, int count, FitMonitor? monitor = null)
    {
        var pixels = network.Height * network.Width;
        var size = network.Channels * pixels;
        var maps = new float[(long)count * pixels];
        for (var start = 0; start < count; start += Batch)
        {
            monitor?.Step("cam", start, count);
            var n = Math.Min(Batch, count - start);
            var targets = new long[n];
            Array.Fill(targets, -1);
            network.Network.Cam(images.Slice(start * size, n * size), targets).Maps.CopyTo(maps.AsSpan(start * pixels, n * pixels));
        }

        return maps;
    }

    private static EngineException Invalid(string message) => new(EngineErrorKind.InvalidRequest, message);
}
