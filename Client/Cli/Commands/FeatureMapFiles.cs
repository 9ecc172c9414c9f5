using ExplainHub.Client.Output;
using ExplainHub.Engine.Imaging;
using ExplainHub.Engine.Storage;
using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

/// <summary>
/// A network's feature maps as files: per layer one mosaic <c>&lt;stem&gt;_&lt;layer&gt;.png</c> (a tile per channel) and
/// its activations as <c>.npy</c> (Channels×Height×Width float32). Maps of the wrong size are refused, not drawn.
/// </summary>
internal static class FeatureMapFiles
{
    public static IReadOnlyList<(string Layer, OutputFile Png, OutputFile Npy)> For(ModelRepresentation representation, string stem)
    {
        var layers = new List<(string, OutputFile, OutputFile)>();
        foreach (var layer in representation.Images.GroupBy(i => i.Layer ?? "layer"))
        {
            var maps = layer.ToList();
            var (height, width) = (maps[0].Height ?? representation.Height, maps[0].Width ?? representation.Width);
            if (maps.FirstOrDefault(m => m.Values.Length != height * width) is { } bad)
            {
                throw new EngineException(EngineErrorKind.Native, $"The engine sent {bad.Values.Length} values for '{bad.Label}', not {height}×{width}.");
            }

            var layerStem = $"{stem}_{FileNames.Safe(layer.Key)}";
            var png = new OutputFile(layerStem + ".png",
                RepresentationPicture.MosaicPng(maps.Select(m => m.Values).ToArray(), height, width, Math.Clamp(48 / Math.Max(height, width), 1, 4)));
            var npy = new OutputFile(layerStem + ".npy", NpyWriter.Float32(maps.SelectMany(m => m.Values).ToArray(), maps.Count, height, width));
            layers.Add((layer.Key, png, npy));
        }

        return layers;
    }
}
