using ExplainHub.Engine.Models;
using ExplainHub.Engine.Models.Classical;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Explain;

/// <summary>Draws what a model has learned in input space, for the kinds that have such a picture.</summary>
public static class InternalRepresentations
{
    public static ModelRepresentation Of(IClassifier model)
    {
        var info = model.Info;
        var classes = info.ClassNames;
        ModelRepresentation Make(string kind, string description, IEnumerable<RepresentationImage> images) =>
            new(info.Id, kind, description, model.Channels, model.Height, model.Width, images.ToArray());

        return model switch
        {
            ILinearPixelModel linear => Make(RepresentationKinds.ClassWeights,
                "w_c per class: the score of class c is w_c·x + b_c, so red pixels raise it and blue ones lower it.",
                classes.Select((name, c) => new RepresentationImage(name, c, linear.PixelWeights(c), linear.PixelBias(c)))),
            KernelPcaSvmClassifier kernelPca => Make(RepresentationKinds.ClassPreImages,
                "The pre-image of each class's SVM weight: the image the learned inverse map draws for that direction in kernel-PCA space.",
                classes.Select((name, c) => new RepresentationImage(name, c, kernelPca.ClassPreImage(c)))),
            IFeatureImportanceModel trees => Make(RepresentationKinds.FeatureImportance,
                "Each pixel's share of the total gain of the splits on it.",
                [new RepresentationImage("importance", null, trees.FeatureImportance())]),
            ConvNetClassifier => throw new EngineException(EngineErrorKind.InvalidRequest,
                $"A network's representation is drawn for an image: ask for its feature maps with an image index or an upload."),
            _ => throw new EngineException(EngineErrorKind.InvalidRequest,
                $"A {info.Kind} model has no internal representation in input space; explain its decisions with an importance function (explain) instead."),
        };
    }

    /// <summary>
    /// Seed 004 §4.3: what the first and second convolutions see in one image, an image per channel at its layer's
    /// resolution (activations after batch norm and ReLU, so non-negative).
    /// </summary>
    public static ModelRepresentation FeatureMaps(ConvNetClassifier network, float[] image, string subject)
    {
        var layers = network.Network.FeatureMaps(image, layers: 2);
        var images = layers.SelectMany(layer => Enumerable.Range(0, layer.Channels).Select(c =>
        {
            var plane = layer.Height * layer.Width;
            return new RepresentationImage($"{layer.Layer} #{c}", null, layer.Values.AsSpan(c * plane, plane).ToArray(), null, layer.Layer,
                layer.Height, layer.Width);
        })).ToArray();
        var first = layers[0];
        return new ModelRepresentation(network.Info.Id, RepresentationKinds.FeatureMaps,
            $"What {string.Join(" and ", layers.Select(l => $"{l.Layer} ({l.Channels} channels, {l.Height}×{l.Width})"))} see in {subject}: each channel's activation after its batch norm and ReLU.",
            1, first.Height, first.Width, images);
    }
}
