using ExplainHub.Engine.Imaging;
using ExplainHub.Server.Models;
using ExplainHub.Shared;

namespace ExplainHub.Server.Perturbations;

/// <summary>
/// Seed 004's figures for one image as pictures the page shows (PNG data URLs): Fig. 4.1's input, the autoencoder's
/// output and the stretched difference map; Fig. 4.2's Grad-CAM of the classifier on the input and on the output;
/// Fig. 4.3's first two conv layers on both.
/// </summary>
public sealed record PerturbationFigures(
    string Subject,
    string? Label,
    double MaxAbsoluteChange,
    string InputUrl,
    string OutputUrl,
    string DifferenceUrl,
    PerturbedVerdict Classifier,
    PerturbedVerdict Combined,
    IReadOnlyList<RepresentationTile> LayersBefore,
    IReadOnlyList<RepresentationTile> LayersAfter)
{
    /// <summary>How an uploaded image was converted to the model's input (resized, made grey or colour); none for a test image.</summary>
    public IReadOnlyList<string> Notices { get; init; } = [];

    public static PerturbationFigures Of(ModelInfo model, PerturbedImage image, Explanation before, Explanation after,
        IReadOnlyList<RepresentationTile> layersBefore, IReadOnlyList<RepresentationTile> layersAfter)
    {
        var (channels, height, width) = (image.Channels, image.Height, image.Width);
        var scale = Math.Clamp(160 / Math.Max(height, width), 1, 8);
        string Name(int c) => c >= 0 && c < model.ClassNames.Count ? model.ClassNames[c] : $"class {c}";
        PerturbedVerdict Verdict(Explanation e, float[] picture) => new(Name(e.PredictedClass), e.Probability,
            image.TrueClass is { } truth ? e.PredictedClass == truth : null,
            PngEncoder.ToDataUrl(HeatmapOverlay.RenderPng(ImagePng.ToBytes(picture), channels, height, width, e.Heatmap, e.Probability, new HeatmapStyle(), scale)));

        return new PerturbationFigures(
            image.Subject,
            image.TrueClass is { } label ? Name(label) : null,
            image.MaxAbsoluteChange,
            PngEncoder.ToDataUrl(ImagePng.FromValues(image.Input, channels, height, width, scale)),
            PngEncoder.ToDataUrl(ImagePng.FromValues(image.Output, channels, height, width, scale)),
            PngEncoder.ToDataUrl(RepresentationPicture.Png(image.Difference, 1, height, width, signed: false, scale)),
            Verdict(before, image.Input),
            Verdict(after, image.Output),
            layersBefore,
            layersAfter);
    }
}
