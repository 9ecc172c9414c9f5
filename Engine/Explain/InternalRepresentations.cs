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
            _ => throw new EngineException(EngineErrorKind.InvalidRequest,
                $"A {info.Kind} model has no internal representation in input space; explain its decisions with an importance function (explain) instead."),
        };
    }
}
