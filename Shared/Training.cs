namespace ExplainHub.Shared;

/// <summary>Model families the engine knows. Strings on the wire so that a newer engine can add kinds.</summary>
public static class ModelKinds
{
    /// <summary>Seed-001 CNN: Conv32 3×3 → MaxPool → Conv64 3×3 → MaxPool → GAP → Dense.</summary>
    public const string SeedCnn = "seed-cnn";

    /// <summary>Seed-001's CNN+SVM network: five 3×3 same convs (16…256) with four max-pools → GAP → Dense.</summary>
    public const string FiveConvCnn = "five-conv-cnn";

    /// <summary>ResNet-18 (BasicBlocks 2-2-2-2; 3×3 stem without max-pool up to 64 px).</summary>
    public const string ResNet18 = "resnet18";

    /// <summary>ResNet-34 (BasicBlocks 3-4-6-3).</summary>
    public const string ResNet34 = "resnet34";

    /// <summary>VGG-13 with batch norm, GAP → dense head.</summary>
    public const string Vgg13Bn = "vgg13-bn";

    /// <summary>VGG-16 with batch norm, GAP → dense head.</summary>
    public const string Vgg16Bn = "vgg16-bn";

    /// <summary>Networks trained by the libtorch trainer (epochs, batches, CAM).</summary>
    public static readonly IReadOnlyList<string> Networks = [SeedCnn, FiveConvCnn, ResNet18, ResNet34, Vgg13Bn, Vgg16Bn];

    public static bool IsNetwork(string kind) => Networks.Contains(kind);

    /// <summary>
    /// Seed 004's combined model: a U-Net autoencoder fine-tuned through a frozen network of the zoo, the two as one
    /// network (made by a perturbation job, not trained by the network trainer; <see cref="ModelFacts.Perturbation"/>).
    /// </summary>
    public const string AutoencoderPerturbed = "autoencoder-perturbed";

    /// <summary>Models that run on the engine's libtorch (gradients, layers, feature maps): the zoo's networks and combined models.</summary>
    public static bool HasLayers(string kind) => IsNetwork(kind) || kind == AutoencoderPerturbed;

    /// <summary>CNN+SVM (seed 001): a linear SVM on the GAP features of a trained network (<see cref="ClassicalOptions.SourceModelId"/>).</summary>
    public const string CnnSvm = "cnn-svm";

    /// <summary>SVM+Mask (seed 001): a linear SVM on images masked to the top <see cref="ClassicalOptions.MaskFraction"/> of a trained network's CAM.</summary>
    public const string SvmMask = "svm-mask";

    /// <summary>One-vs-rest linear SVM (LIBLINEAR); its weights are the internal representation.</summary>
    public const string LinearSvm = "linear-svm";

    /// <summary>Kernel SVC (LIBSVM, one-vs-one; kernel in <see cref="ClassicalOptions.Kernel"/>).</summary>
    public const string KernelSvm = "kernel-svm";

    /// <summary>PCA (<see cref="ClassicalOptions.Components"/>) followed by a linear SVM in component space.</summary>
    public const string PcaSvm = "pca-svm";

    /// <summary>PCA followed by a kernel SVC in component space (scikit-learn's PCA + SVC pipeline).</summary>
    public const string PcaKernelSvm = "pca-kernel-svm";

    /// <summary>Kernel PCA (kernel in <see cref="ClassicalOptions.Kernel"/>) with a learned pre-image map, then a linear SVM.</summary>
    public const string KernelPcaSvm = "kernel-pca-svm";

    /// <summary>Random forest: Breiman's (scikit-learn's RandomForestClassifier), or XGBoost's random-forest mode (<see cref="ForestAlgorithms"/>).</summary>
    public const string RandomForest = "random-forest";

    /// <summary>AdaBoost (SAMME) over depth-limited XGBoost trees.</summary>
    public const string AdaBoost = "adaboost";

    /// <summary>Kinds trained by the classical trainer (no epochs, no batches).</summary>
    public static readonly IReadOnlyList<string> Classical = [LinearSvm, KernelSvm, PcaSvm, PcaKernelSvm, KernelPcaSvm, RandomForest, AdaBoost, CnnSvm, SvmMask];

    public static bool IsClassical(string kind) => Classical.Contains(kind);
}

/// <summary>How weights start: libtorch's defaults, or Glorot-uniform with zero biases (Keras' default).</summary>
public enum WeightInit
{
    Torch,
    Glorot,
}

/// <summary>The optimiser of a network: Adam, or SGD with <see cref="TrainRequest.Momentum"/> (seed 000 §4.1 uses both).</summary>
public enum OptimizerKind
{
    Adam,
    Sgd,
}

/// <summary>
/// Learning rate over the run: constant; cosine-annealed per batch from the initial rate to zero; or step decay,
/// multiplied by <see cref="TrainRequest.StepFactor"/> every <see cref="TrainRequest.StepEpochs"/> epochs.
/// </summary>
public enum LearningRateSchedule
{
    Constant,
    Cosine,
    Step,
}

/// <summary>
/// A request to train one model. Defaults are the seed-001 recipe (Adam 1e-3, batch 64, 10 epochs) with
/// PyTorch's default initialisation, which is what the reference runs. <see cref="StandardizeInputs"/> makes the
/// network subtract the training set's per-channel mean and divide by its standard deviation. Classical kinds
/// (<see cref="ModelKinds.Classical"/>) ignore the optimiser fields and read <see cref="Classical"/> instead.
/// With <see cref="EarlyStoppingPatience"/> a network stops when its validation accuracy has not improved for that
/// many epochs and keeps its best epoch's weights; the validation images are the data set's validation split, or
/// else the last <see cref="ValidationFraction"/> of each class's training images, held out of training.
/// </summary>
public sealed record TrainRequest(
    string DatasetId,
    string ModelKind = ModelKinds.SeedCnn,
    int Epochs = 10,
    int BatchSize = 64,
    double LearningRate = 1e-3,
    int? TrainSubset = null,
    int? TestSubset = null,
    int Seed = 0,
    string? Name = null,
    WeightInit Init = WeightInit.Torch,
    LearningRateSchedule Schedule = LearningRateSchedule.Constant,
    bool StandardizeInputs = false,
    ClassicalOptions? Classical = null,
    Augmentation? Augment = null,
    OptimizerKind Optimizer = OptimizerKind.Adam,
    double Momentum = 0.9,
    double WeightDecay = 0,
    int? EarlyStoppingPatience = null,
    double ValidationFraction = 0.1,
    int StepEpochs = 10,
    double StepFactor = 0.1);

public enum JobState
{
    Queued,
    Running,
    Completed,
    Cancelled,
    Failed,
}

public enum TrainingPhase
{
    Batch,
    Epoch,
    Evaluation,
    Finished,
}

/// <summary>
/// One progress report. Batch reports carry running loss/accuracy of the current epoch;
/// epoch reports add the test accuracy; the last report has <see cref="TrainingPhase.Finished"/>. In a sweep an
/// "epoch" is one point of the sweep and its report carries the finished <see cref="Point"/>. An import is one
/// epoch whose batches are thousandths of the input read (<see cref="BatchesPerEpoch"/> = 1000). A network's reports
/// carry the <see cref="LearningRate"/> its optimiser used last. An evaluation is one epoch whose batches are its
/// steps (maps of one explainer, scores of one model × base × ρ), with <see cref="Step"/> saying which.
/// </summary>
public sealed record TrainingProgress(
    string JobId,
    TrainingPhase Phase,
    int Epoch,
    int Epochs,
    int Batch,
    int BatchesPerEpoch,
    double Loss,
    double Accuracy,
    double? TestAccuracy,
    double ImagesPerSecond,
    double EtaSeconds,
    JobState State,
    SweepPoint? Point = null,
    double? ValidationAccuracy = null,
    double? LearningRate = null,
    string? Step = null);

/// <summary>
/// A job as the engine sees it now: a training run (<see cref="Request"/>), a sweep (<see cref="Sweep"/>, with
/// <see cref="Request"/> its base; it produces no model) or a data set import (<see cref="Import"/>; no
/// <see cref="Request"/>). <see cref="ModelId"/> is set once a trained model exists, <see cref="DatasetId"/> once an
/// imported data set is cached; a perturbation job (<see cref="Perturbation"/>) sets <see cref="ModelId"/> to the
/// combined model it made; an evaluation (<see cref="Evaluation"/>) names its stored result in
/// <see cref="EvaluationId"/> once it is written.
/// </summary>
public sealed record JobInfo(
    string Id,
    TrainRequest? Request,
    JobState State,
    DateTimeOffset Created,
    TrainingProgress? Latest,
    string? ModelId,
    string? Error,
    SweepRequest? Sweep = null,
    DatasetImportRequest? Import = null,
    string? DatasetId = null,
    EvaluationRequest? Evaluation = null,
    string? EvaluationId = null,
    PerturbationRequest? Perturbation = null)
{
    public JobKind Kind => Evaluation is not null ? JobKind.Evaluation : Import is not null ? JobKind.Import : Sweep is not null ? JobKind.Sweep
        : Perturbation is not null ? JobKind.Perturbation : JobKind.Training;
}

/// <summary>What a job does.</summary>
public enum JobKind
{
    Training,
    Sweep,
    Import,
    Evaluation,

    /// <summary>Seed 004's autoencoder, reconstruction then fine-tuning through a frozen classifier; produces a combined model.</summary>
    Perturbation,
}

/// <summary>A trained model; <see cref="WeightsHash"/> fingerprints its saved weights (set when models are listed).</summary>
public sealed record ModelInfo(
    string Id,
    string Name,
    string Kind,
    string DatasetId,
    IReadOnlyList<string> ClassNames,
    double? TestAccuracy,
    long ParameterCount,
    DateTimeOffset Created,
    ModelFacts? Facts = null,
    string? WeightsHash = null);
