using ExplainHub.Shared;

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
    /// <summary>The first thing wrong with these settings (<see cref="PerturbationLimits"/>), or null.</summary>
    public string? Problem() => PerturbationLimits.Problems(ReconstructionEpochs, FineTuneEpochs, BatchSize, LearningRate, ReconstructionWeight,
        TrainSubset, widths: null) is [var first, ..] ? first : null;
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
