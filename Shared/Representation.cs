namespace ExplainHub.Shared;

/// <summary>Internal representations the engine can draw, by model kind (seed 000 §3.1, Figures 9–11).</summary>
public static class RepresentationKinds
{
    /// <summary>w_c per class as an image (linear SVM, PCA+SVM's w_c^p, the linear-kernel SVC's rebuilt w_c); signed.</summary>
    public const string ClassWeights = "class-weights";

    /// <summary>Kernel PCA: the pre-image of each class's SVM weight through the learned inverse map; pixel values.</summary>
    public const string ClassPreImages = "class-pre-images";

    /// <summary>Tree ensembles: each pixel's share of the total split gain; non-negative, sums to 1.</summary>
    public const string FeatureImportance = "feature-importance";

    /// <summary>Networks: what the first and second convolutions see in one image, an image per channel (seed 004 §4.3); non-negative.</summary>
    public const string FeatureMaps = "feature-maps";
}

/// <summary>
/// A model's internal representation. Networks draw theirs for one image: <see cref="Index"/> of
/// <see cref="Split"/> in the model's data set (0 unless given), or <see cref="Upload"/>, converted to the model's input.
/// </summary>
public sealed record RepresentationRequest(string ModelId, DatasetSplit Split = DatasetSplit.Test, int? Index = null, UploadedImage? Upload = null);

/// <summary>
/// One image of a representation, Channels×Height×Width row-major. <see cref="ClassIndex"/> is null for an image
/// of the whole model (feature importance); <see cref="Bias"/> is b_c where the image is a linear weight. A feature
/// map has one channel at its layer's resolution, <see cref="Height"/>×<see cref="Width"/>, and names its
/// <see cref="Layer"/>.
/// </summary>
public sealed record RepresentationImage(string Label, int? ClassIndex, float[] Values, double? Bias = null, string? Layer = null,
    int? Height = null, int? Width = null);

/// <summary>What a model has learned, drawn in input space: one image per class or one for the model.</summary>
public sealed record ModelRepresentation(
    string ModelId,
    string Kind,
    string Description,
    int Channels,
    int Height,
    int Width,
    IReadOnlyList<RepresentationImage> Images);
