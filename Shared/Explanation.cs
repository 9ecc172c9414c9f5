namespace ExplainHub.Shared;

/// <summary>Importance functions the engine knows. Strings on the wire so that a newer engine can add methods.</summary>
public static class ExplanationMethods
{
    /// <summary>Class activation map of a GAP→linear head (Zhou et al.; seed 001).</summary>
    public const string Cam = "cam";

    /// <summary>Grad-CAM at a named convolutional layer (Selvaraju et al. 2017; seed 004).</summary>
    public const string GradCam = "grad-cam";

    /// <summary>|∂p_y/∂I|, optionally dilated (seed 002 §3).</summary>
    public const string Gradient = "gradient";

    /// <summary>Occluding gray patches, for any model (seed 002 eq. 1).</summary>
    public const string Occlusion = "occlusion";

    /// <summary>w_c ⊙ x for models linear in the pixels (seed 000 §3.2).</summary>
    public const string Hadamard = "hadamard";

    /// <summary>Excitation backprop's marginal winning probabilities at a layer (Zhang et al. 2016).</summary>
    public const string Excitation = "excitation-backprop";

    /// <summary>Contrastive marginal winning probability, c-MWP (Zhang et al. 2016; seed 002).</summary>
    public const string ContrastiveExcitation = "c-mwp";

    /// <summary>TreeSHAP contributions of each pixel to a tree ensemble's margin (Lundberg et al. 2020).</summary>
    public const string TreeContributions = "tree-contributions";
}

/// <summary>What an importance function's parameter holds.</summary>
public enum MethodParameterKind
{
    Integer,
    Number,
    Choice,
    Text,
}

/// <summary>
/// One parameter an importance function takes: its kind, default (as text), bounds or choices and what it means,
/// so that every caller can offer and check it without knowing the function.
/// </summary>
public sealed record MethodParameterInfo(
    string Name,
    MethodParameterKind Kind,
    string Default,
    string Description,
    double? Min = null,
    double? Max = null,
    IReadOnlyList<string>? Choices = null);

/// <summary>An importance function: its name, title, where it comes from, what a model needs for it, its parameters.</summary>
public sealed record MethodInfo(
    string Name,
    string Title,
    string Reference,
    string Needs,
    IReadOnlyList<MethodParameterInfo> Parameters);

/// <summary>Whether a method applies to one model, and if not, why.</summary>
public sealed record MethodAvailability(MethodInfo Method, bool Applies, string? Reason);

/// <summary>A parameter value given to an importance function, as text; the function checks and converts it.</summary>
public sealed record MethodParameter(string Name, string Value);

/// <summary>
/// Explain images of a data set with one importance function. <see cref="TargetClass"/> null means
/// "the predicted class" for each image. With <see cref="Uploads"/> the images are those files instead, converted
/// to the model's input (<see cref="DatasetId"/>, <see cref="Split"/> and <see cref="Indices"/> are then not read,
/// and each explanation's index is the file's position).
/// </summary>
public sealed record ExplainRequest(
    string ModelId,
    string DatasetId,
    DatasetSplit Split,
    IReadOnlyList<int> Indices,
    string Method = ExplanationMethods.Cam,
    int? TargetClass = null,
    IReadOnlyList<MethodParameter>? Parameters = null,
    IReadOnlyList<UploadedImage>? Uploads = null)
{
    /// <summary>Images one request (and so one comparison, which explains each image with every explainer) may name.</summary>
    public const int MaxImages = 1024;
}

/// <summary>
/// One heat map: <see cref="Heatmap"/> in [0,1] and the raw signed map, both Height×Width row-major at
/// input resolution, with the prediction it explains. <see cref="Label"/> is −1 for an uploaded image.
/// </summary>
public sealed record Explanation(
    int Index,
    int Label,
    int TargetClass,
    int PredictedClass,
    float Probability,
    int Height,
    int Width,
    float[] Heatmap,
    float[] RawMap);

/// <summary>
/// Maps of one method on a model's images; <see cref="Parameters"/> are every parameter's value used, defaults
/// included. For uploads, <see cref="Images"/> holds them as the model saw them and <see cref="Notices"/> says how
/// each was converted (resized, made grey or colour).
/// </summary>
public sealed record ExplanationBatch(
    string ModelId,
    string Method,
    IReadOnlyList<Explanation> Explanations,
    IReadOnlyList<MethodParameter>? Parameters = null,
    ImageBatch? Images = null,
    IReadOnlyList<string>? Notices = null);

/// <summary>One (model, importance function) pair to compare, with the function's parameters.</summary>
public sealed record Explainer(string ModelId, string Method, IReadOnlyList<MethodParameter>? Parameters = null)
{
    /// <summary>"model/method" plus any parameters, as rows and columns of an agreement matrix are named.</summary>
    public string Label => Parameters is { Count: > 0 } p
        ? $"{ModelId}/{Method}({string.Join(",", p.Select(x => $"{x.Name}={x.Value}"))})"
        : $"{ModelId}/{Method}";
}

/// <summary>
/// Compare the maps of several explainers on the same images of one data set split: Spearman's rank correlation
/// of H and IoU of the top-<see cref="Rho"/> masks for every pair, averaged over the images. Each model explains
/// its own predicted class unless <see cref="TargetClass"/> is given. With <see cref="Uploads"/> the images are
/// those files, converted to each model's input, instead of the split's.
/// </summary>
public sealed record AgreementRequest(
    string DatasetId,
    DatasetSplit Split,
    IReadOnlyList<int> Indices,
    IReadOnlyList<Explainer> Explainers,
    double Rho = 0.25,
    int? TargetClass = null,
    IReadOnlyList<UploadedImage>? Uploads = null);

/// <summary>Explainers × explainers mean agreement, rows in the request's order.</summary>
public sealed record AgreementResult(
    IReadOnlyList<string> Labels,
    int Images,
    double Rho,
    IReadOnlyList<IReadOnlyList<double>> Spearman,
    IReadOnlyList<IReadOnlyList<double>> Iou);
