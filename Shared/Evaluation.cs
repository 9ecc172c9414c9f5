namespace ExplainHub.Shared;

/// <summary>Base images I_K that make pixels less informative (seed 002 §4.1). Strings on the wire.</summary>
public static class BaseImageKinds
{
    /// <summary>G_k: the image blurred by a Gaussian kernel (17×17 by default).</summary>
    public const string Blur = "blur";

    /// <summary>Z_k: every pixel zero.</summary>
    public const string Zeros = "zeros";

    public static readonly IReadOnlyList<string> All = [Blur, Zeros];
}

/// <summary>
/// The Gaussian base image's kernel: <see cref="Size"/>×<see cref="Size"/> taps of standard deviation
/// <see cref="Sigma"/> pixels, normalised to sum 1; borders reflect the image (as PyTorch's "reflect" padding:
/// the edge pixel is not repeated), and an image too small to reflect by Size/2 repeats its edge instead.
/// </summary>
public sealed record BlurKernel(int Size = 17, double Sigma = 3.0)
{
    public string? Problem() =>
        Size is < 1 or > 255 || Size % 2 == 0 ? $"the blur kernel's size must be odd, 1 to 255, not {Size}"
        : !(Sigma > 0 && Sigma <= 1000) ? $"the blur's σ must be in (0, 1000] pixels, not {Sigma}"
        : null;
}

/// <summary>Which class p(· = y) scores: the true label (the seed's choice), the model's prediction, or one fixed class.</summary>
public enum ScoreTargetKind
{
    TrueClass,
    Predicted,
    FixedClass,
}

public sealed record ScoreTarget(ScoreTargetKind Kind, int? Class = null)
{
    public static readonly ScoreTarget TrueClass = new(ScoreTargetKind.TrueClass);

    public static readonly ScoreTarget Predicted = new(ScoreTargetKind.Predicted);

    public override string ToString() => Kind switch
    {
        ScoreTargetKind.TrueClass => "true class",
        ScoreTargetKind.Predicted => "predicted class",
        _ => $"class {Class}",
    };
}

/// <summary>
/// Score importance functions with Simple and Concise Confidence Gain (seed 002 eq. 2, eq. 3, Algorithm 1) on
/// <see cref="Images"/> images of a split (spread evenly over it): every explainer's maps once, then every base
/// × ρ. <see cref="Agreements"/> lists sets of 2 or 3 explainers (indices into <see cref="Explainers"/>, one model
/// each) whose top-ρ masks are intersected (seed 002 §4.4) and scored beside them. Defaults: both bases, ρ 25% and
/// 5%, the true class, 50 growths. <see cref="Indices"/>, when given, are the images instead of the even spread.
/// <see cref="CurveSteps"/> &gt; 0 adds deletion and insertion curves of every explainer on every base;
/// <see cref="Randomisation"/> the model-randomisation check of every explainer on a network.
/// </summary>
public sealed record EvaluationRequest(
    string DatasetId,
    IReadOnlyList<Explainer> Explainers,
    DatasetSplit Split = DatasetSplit.Test,
    int Images = 200,
    IReadOnlyList<string>? Bases = null,
    IReadOnlyList<double>? Rhos = null,
    IReadOnlyList<IReadOnlyList<int>>? Agreements = null,
    ScoreTarget? Target = null,
    int MaxGrowths = 50,
    BlurKernel? Blur = null,
    string? Name = null,
    IReadOnlyList<int>? Indices = null,
    int CurveSteps = 0,
    bool Randomisation = false)
{
    /// <summary>Most steps a deletion/insertion curve may take.</summary>
    public const int MaxCurveSteps = 100;

    public const int DefaultImages = 200;

    public const int MaxImages = 10_000;

    public const int MaxGrowthLimit = 1_000;

    public static readonly IReadOnlyList<double> DefaultRhos = [0.25, 0.05];

    public IReadOnlyList<string> BasesOrDefault => Bases is { Count: > 0 } b ? b : BaseImageKinds.All;

    public IReadOnlyList<double> RhosOrDefault => Rhos is { Count: > 0 } r ? r : DefaultRhos;
}

/// <summary>Why an image has no SCG or no CCG; every one is counted, none dropped silently (seed 002 §5.2).</summary>
public enum ScoreExclusion
{
    /// <summary>p(I) − p(I_K) ≤ 0: the base image is not less informative than the image; no SCG, no CCG.</summary>
    BaseNotLessInformative,

    /// <summary>p(I_M,K) − p(I_K) &lt; 0: the hybrid is worse than the base; no SCG, no CCG.</summary>
    HybridBelowBase,

    /// <summary>The hybrid was still misclassified after the most growths allowed: SCG kept, no CCG.</summary>
    GrowthLimit,

    /// <summary>The mask was empty (explainers whose top regions do not meet): nothing to grow, no CCG.</summary>
    EmptyMask,
}

/// <summary>
/// One image's scores: the probabilities behind them, SCG (null when excluded), CCG and the growths its mask took
/// (null when excluded or omitted), and the mask's area before and after growing, in pixels.
/// </summary>
public sealed record ImageScore(
    int Index,
    int Target,
    double Original,
    double Base,
    double Hybrid,
    double? Scg,
    double? Ccg,
    int? Growths,
    int MaskArea,
    int? GrownArea,
    ScoreExclusion? Exclusion);

/// <summary>Counts of images without scores, by reason.</summary>
public sealed record ExclusionCounts(int BaseNotLessInformative, int HybridBelowBase, int GrowthLimit, int EmptyMask)
{
    public int Total => BaseNotLessInformative + HybridBelowBase + GrowthLimit + EmptyMask;
}

/// <summary>Means with standard errors (null when no image counts), how many images each mean holds, and the exclusions.</summary>
public sealed record ScoreSummary(
    double? MeanScg,
    double? StandardErrorScg,
    int ScgCount,
    double? MeanCcg,
    double? StandardErrorCcg,
    int CcgCount,
    double? MeanGrowths,
    ExclusionCounts Excluded);

/// <summary>
/// One row × column cell of a leaderboard: an explainer (or an agreement of several, <see cref="Members"/> &gt; 1)
/// on one model, base and ρ, with its summary and every image's score.
/// </summary>
public sealed record ScoreRow(
    string ModelId,
    string Function,
    IReadOnlyList<string> Members,
    string Base,
    double Rho,
    ScoreSummary Summary,
    IReadOnlyList<ImageScore> PerImage);

/// <summary>
/// Deletion and insertion (Petsiuk et al. 2018, RISE §4.1) of one explainer on one base: the most relevant pixels
/// first, in <c>Steps</c> equal shares, replaced by the base image (deletion, from the image) or taken from the image
/// (insertion, from the base); the mean p(y) at each share (Steps + 1 points from 0% to 100%) and the mean area under
/// each curve (trapezoids over the share). A faithful map deletes steeply (low AUC) and inserts steeply (high AUC).
/// </summary>
public sealed record CurveRow(
    string ModelId,
    string Function,
    string Base,
    int Steps,
    double DeletionAuc,
    double? DeletionAucStandardError,
    double InsertionAuc,
    double? InsertionAucStandardError,
    IReadOnlyList<double> Deletion,
    IReadOnlyList<double> Insertion,
    int Images);

/// <summary>
/// The randomisation check of one explainer: after re-initialising each of <see cref="Layers"/> in turn (head first,
/// cumulatively), the mean Spearman correlation between its maps and the trained network's. Near 1 means the maps did
/// not notice the model was destroyed.
/// </summary>
public sealed record RandomisationRow(string ModelId, string Function, IReadOnlyList<string> Layers, IReadOnlyList<double> MeanSpearman, int Images);

/// <summary>A finished evaluation: what was asked, on which images, a row per explainer or agreement × base × ρ, and any curves.</summary>
public sealed record EvaluationResult(
    string Id,
    string Name,
    EvaluationRequest Request,
    DateTimeOffset Created,
    IReadOnlyList<int> Indices,
    IReadOnlyList<ScoreRow> Rows,
    double Seconds,
    IReadOnlyList<CurveRow>? Curves = null,
    IReadOnlyList<RandomisationRow>? Randomisation = null);

/// <summary>An evaluation as listed: enough to pick one without loading its rows.</summary>
public sealed record EvaluationInfo(string Id, string Name, string DatasetId, IReadOnlyList<string> ModelIds, int Images, int Rows, DateTimeOffset Created);
