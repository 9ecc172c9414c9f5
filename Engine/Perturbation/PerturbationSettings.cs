namespace ExplainHub.Engine.Perturbation;

/// <summary>
/// How seed 004's two phases are run. By default only the training split is used; <see cref="IncludeTestImages"/>
/// adds the test split to training as the seed's "full" rows did, and every report of such a run says so.
/// </summary>
public sealed record PerturbationSettings(
    int ReconstructionEpochs = 1,
    int FineTuneEpochs = 1,
    int BatchSize = 32,
    double LearningRate = 1e-3,
    double ReconstructionWeight = 0,
    int? TrainSubset = null,
    bool IncludeTestImages = false,
    int Seed = 0)
{
    /// <summary>What is wrong with these settings, or null.</summary>
    public string? Problem() => this switch
    {
        { ReconstructionEpochs: < 0 or > 1000 } or { FineTuneEpochs: < 0 or > 1000 } => "Each phase runs 0 to 1000 epochs.",
        { ReconstructionEpochs: 0, FineTuneEpochs: 0 } => "Run at least one epoch of one phase.",
        { BatchSize: < 1 or > 4096 } => "A batch holds 1 to 4096 images.",
        // Written as "not within" so that NaN, which no comparison holds for, is refused too.
        _ when !(LearningRate is > 0 and <= 1) => "The learning rate is above 0 and at most 1.",
        _ when !(ReconstructionWeight is >= 0 and <= 1000) => "The reconstruction term's weight is 0 to 1000.",
        { TrainSubset: < 1 } => "A training subset has at least one image.",
        _ => null,
    };
}

/// <summary>Where a run is: the phase ("reconstruction" or "fine-tune"), its epoch and batch, and that batch's loss.</summary>
public sealed record PerturbationProgress(string Phase, int Epoch, int Epochs, int Batch, int Batches, double Loss);

/// <summary>
/// Seed 004's Table 4.1 for one run: the classifier alone and the combined model (autoencoder → classifier) on the
/// training images the run used and on the test split, how long each phase took, and whether test images were trained on.
/// </summary>
public sealed record PerturbationReport(
    double ClassifierTrainAccuracy,
    double ClassifierTestAccuracy,
    double CombinedTrainAccuracy,
    double CombinedTestAccuracy,
    double ReconstructionSeconds,
    double FineTuneSeconds,
    int TrainImages,
    int TestImages,
    bool TrainedOnTestImages);
