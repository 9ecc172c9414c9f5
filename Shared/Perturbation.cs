namespace ExplainHub.Shared;

/// <summary>
/// Seed 004 §3 as a job: a U-Net autoencoder (<see cref="Widths"/>, one per level; null = 32-64-128-256) learns to
/// reconstruct the training images of the classifier's data set, then is fine-tuned through the frozen classifier
/// <see cref="ClassifierModelId"/> (a trained network) with its cross-entropy, plus <see cref="ReconstructionWeight"/>
/// times the reconstruction term. The result is a new model of kind <see cref="ModelKinds.AutoencoderPerturbed"/>.
/// Only the training split is trained on unless <see cref="IncludeTestImages"/> asks for the seed's "full" rows.
/// </summary>
public sealed record PerturbationRequest(
    string ClassifierModelId,
    int ReconstructionEpochs = 1,
    int FineTuneEpochs = 1,
    int BatchSize = 32,
    double LearningRate = 1e-3,
    double ReconstructionWeight = 0,
    int? TrainSubset = null,
    bool IncludeTestImages = false,
    int Seed = 0,
    IReadOnlyList<int>? Widths = null,
    string? Name = null)
{
    /// <summary>Everything wrong with this request's settings, in words (<see cref="PerturbationLimits"/>); the classifier is checked by the engine.</summary>
    public IReadOnlyList<string> Problems() => PerturbationLimits.Problems(ReconstructionEpochs, FineTuneEpochs, BatchSize, LearningRate,
        ReconstructionWeight, TrainSubset, Widths);
}

/// <summary>
/// Seed 004's Table 4.1 row of one combined model: the classifier alone and the combined model on the training images
/// the run used and on the test split, the time of each phase, and whether test images were trained on (the seed's
/// "full" rows) — any figure of such a run must say so.
/// </summary>
public sealed record PerturbationFacts(
    string ClassifierModelId,
    string ClassifierKind,
    IReadOnlyList<int> Widths,
    int ReconstructionEpochs,
    int FineTuneEpochs,
    double ReconstructionWeight,
    double ClassifierTrainAccuracy,
    double ClassifierTestAccuracy,
    double CombinedTrainAccuracy,
    double CombinedTestAccuracy,
    double ReconstructionSeconds,
    double FineTuneSeconds,
    int TrainImages,
    int TestImages,
    bool TrainedOnTestImages)
{
    /// <summary>"train split only", or the warning a "full" run carries wherever its figures are shown.</summary>
    public string SplitLabel => TrainedOnTestImages ? "full: test images were trained on" : "train split only";
}

/// <summary>One image for a combined model's autoencoder: <see cref="Index"/> of <see cref="Split"/> in its data set, or <see cref="Upload"/>.</summary>
public sealed record PerturbationImageRequest(string ModelId, DatasetSplit Split = DatasetSplit.Test, int Index = 0, UploadedImage? Upload = null);

/// <summary>
/// Seed 004 Fig. 4.1 for one image: the input and the autoencoder's output (Channels×Height×Width, [0,1]) and
/// |output − input| averaged over channels and stretched so the largest change is 1 (Height×Width).
/// <see cref="TrueClass"/> is the label of a data set image (null for an upload).
/// </summary>
public sealed record PerturbedImage(
    string ModelId,
    string Subject,
    int Channels,
    int Height,
    int Width,
    float[] Input,
    float[] Output,
    float[] Difference,
    double MaxAbsoluteChange,
    int? TrueClass);
