using System.Globalization;
using ExplainHub.Shared;

namespace ExplainHub.Server.Training;

/// <summary>
/// The Train page's form: one model kind with only the hyper-parameters that kind takes, the engine's defaults
/// filled in, checked field by field before anything is sent (the engine checks again), and turned into a
/// <see cref="TrainRequest"/>.
/// </summary>
public sealed class TrainForm
{
    private static readonly TrainField[] Common = [TrainField.TrainSubset, TrainField.TestSubset, TrainField.Seed];

    private static readonly TrainField[] NetworkFields =
    [
        TrainField.Epochs, TrainField.BatchSize, TrainField.LearningRate, TrainField.Optimizer, TrainField.Momentum, TrainField.WeightDecay,
        TrainField.Schedule, TrainField.Rotation, TrainField.Shift, TrainField.Flip, TrainField.Patience,
    ];

    public static IReadOnlyList<string> Kinds { get; } = [.. ModelKinds.Networks, .. ModelKinds.Classical];

    public static IReadOnlyList<string> KernelChoices { get; } = ["rbf", "linear", "poly", "sigmoid"];

    public string Kind { get; set; } = ModelKinds.SeedCnn;

    public int Epochs { get; set; } = 10;

    public int BatchSize { get; set; } = 64;

    public double LearningRate { get; set; } = 1e-3;

    public OptimizerKind Optimizer { get; set; } = OptimizerKind.Adam;

    public double Momentum { get; set; } = 0.9;

    public double WeightDecay { get; set; }

    public LearningRateSchedule Schedule { get; set; } = LearningRateSchedule.Constant;

    public double Rotation { get; set; }

    public double Shift { get; set; }

    public bool Flip { get; set; }

    public int? Patience { get; set; }

    public double C { get; set; } = 1.0;

    public string Kernel { get; set; } = "rbf";

    public double? Gamma { get; set; }

    public int Components { get; set; } = 128;

    public int? Estimators { get; set; }

    public int? MaxDepth { get; set; }

    public string WeakLearner { get; set; } = WeakLearners.XGBoost;

    public string Boosting { get; set; } = BoostingAlgorithms.Samme;

    public string Forest { get; set; } = ForestAlgorithms.Breiman;

    public string? SourceModel { get; set; }

    public double MaskFraction { get; set; } = 0.5;

    public int? TrainSubset { get; set; }

    public int? TestSubset { get; set; }

    public int Seed { get; set; }

    public bool IsNetwork => ModelKinds.IsNetwork(Kind);

    /// <summary>The fields the kind takes, in the order the form shows them.</summary>
    public IReadOnlyList<TrainField> Fields => Kind switch
    {
        _ when IsNetwork => [.. NetworkFields.Where(f => f != TrainField.Momentum || Optimizer == OptimizerKind.Sgd), .. Common],
        ModelKinds.LinearSvm => [TrainField.C, .. Common],
        ModelKinds.PcaSvm => [TrainField.Components, TrainField.C, .. Common],
        ModelKinds.KernelSvm => [TrainField.Kernel, TrainField.C, TrainField.Gamma, .. Common],
        ModelKinds.PcaKernelSvm => [TrainField.Components, TrainField.Kernel, TrainField.C, TrainField.Gamma, .. Common],
        ModelKinds.KernelPcaSvm => [TrainField.Kernel, TrainField.Components, TrainField.Gamma, TrainField.C, .. Common],
        ModelKinds.RandomForest => [TrainField.Estimators, TrainField.MaxDepth, TrainField.Forest, .. Common],
        ModelKinds.AdaBoost => [TrainField.Estimators, TrainField.MaxDepth, TrainField.WeakLearner, TrainField.Boosting, .. Common],
        ModelKinds.CnnSvm => [TrainField.SourceModel, TrainField.C, .. Common],
        ModelKinds.SvmMask => [TrainField.SourceModel, TrainField.MaskFraction, TrainField.C, .. Common],
        _ => Common,
    };

    public bool Takes(TrainField field) => Fields.Contains(field);

    /// <summary>What is wrong with each field the kind takes, in words for the field's helper line; empty when the form can be sent.</summary>
    public IReadOnlyDictionary<TrainField, string> Problems(DatasetInfo? dataset, IReadOnlyList<ModelInfo> models)
    {
        var problems = new Dictionary<TrainField, string>();
        void Check(TrainField field, bool ok, string message)
        {
            if (Takes(field) && !ok)
            {
                problems.TryAdd(field, message);
            }
        }

        Check(TrainField.Epochs, Epochs is >= 1 and <= 1000, "1 to 1,000 epochs");
        Check(TrainField.BatchSize, BatchSize is >= 1 and <= 4096, "1 to 4,096 images a batch");
        Check(TrainField.LearningRate, LearningRate > 0 && LearningRate <= 10, "a learning rate above 0, at most 10");
        Check(TrainField.Momentum, Momentum is >= 0 and < 1, "momentum in [0, 1)");
        Check(TrainField.WeightDecay, WeightDecay is >= 0 and <= 1, "weight decay in [0, 1]");
        Check(TrainField.Rotation, Rotation is >= 0 and <= 180, "0 to 180 degrees");
        Check(TrainField.Shift, Shift >= 0 && Shift <= (dataset?.Width ?? 64) / 2.0, "0 to half the image's width, in pixels");
        Check(TrainField.Patience, Patience is null or >= 1 and <= 1000, "empty (no early stopping) or 1 to 1,000 epochs");
        Check(TrainField.C, C > 0 && C <= 1e6, "C above 0, at most 10⁶");
        Check(TrainField.Gamma, Gamma is null or > 0, "empty (1 / (features · variance)) or above 0");
        Check(TrainField.Components, Components >= 1 && Components <= (dataset is null ? 4096 : dataset.Channels * dataset.Height * dataset.Width),
            "1 to the number of pixels");
        Check(TrainField.Estimators, Estimators is null or >= 1 and <= 5000, "empty (the kind's default) or 1 to 5,000");
        Check(TrainField.MaxDepth, MaxDepth is null or >= 1 and <= 64, "empty (the kind's default) or 1 to 64");
        Check(TrainField.MaskFraction, MaskFraction > 0 && MaskFraction <= 1, "a share of the pixels in (0, 1]");
        Check(TrainField.SourceModel, SourceModel is { } source && models.Any(m => m.Id == source && ModelKinds.IsNetwork(m.Kind)),
            "a trained network whose features or maps the SVM reads");
        Check(TrainField.TrainSubset, TrainSubset is null || TrainSubset >= 10 && (dataset is null || TrainSubset <= dataset.TrainCount),
            dataset is null ? "empty (all) or at least 10" : string.Create(CultureInfo.InvariantCulture, $"empty (all) or 10 to {dataset.TrainCount:N0}"));
        Check(TrainField.TestSubset, TestSubset is null || TestSubset >= 10 && (dataset is null || TestSubset <= dataset.TestCount),
            dataset is null ? "empty (all) or at least 10" : string.Create(CultureInfo.InvariantCulture, $"empty (all) or 10 to {dataset.TestCount:N0}"));
        Check(TrainField.Seed, Seed >= 0, "a seed of 0 or more");
        return problems;
    }

    public TrainRequest ToRequest(string datasetId) => new(
        datasetId,
        Kind,
        Epochs: IsNetwork ? Epochs : 1,
        BatchSize: BatchSize,
        LearningRate: LearningRate,
        TrainSubset: TrainSubset,
        TestSubset: TestSubset,
        Seed: Seed,
        Schedule: Schedule,
        Classical: IsNetwork ? null : new ClassicalOptions(
            C: C,
            Kernel: Kernel,
            Gamma: Gamma,
            Components: Components,
            Estimators: Estimators,
            MaxDepth: MaxDepth,
            SourceModelId: Takes(TrainField.SourceModel) ? SourceModel : null,
            MaskFraction: MaskFraction,
            WeakLearner: WeakLearner,
            BoostingAlgorithm: Boosting,
            ForestAlgorithm: Forest),
        Augment: IsNetwork && (Rotation > 0 || Shift > 0 || Flip) ? new Augmentation(Rotation, Shift, Flip) : null,
        Optimizer: Optimizer,
        Momentum: Momentum,
        WeightDecay: WeightDecay,
        EarlyStoppingPatience: IsNetwork ? Patience : null);
}
