namespace ExplainHub.Server.Training;

/// <summary>A hyper-parameter of the Train page's form; which ones a model kind takes is <see cref="TrainForm.Takes"/>.</summary>
public enum TrainField
{
    Epochs,
    BatchSize,
    LearningRate,
    Optimizer,
    Momentum,
    WeightDecay,
    Schedule,
    Rotation,
    Shift,
    Flip,
    Patience,
    C,
    Kernel,
    Gamma,
    Components,
    Estimators,
    MaxDepth,
    WeakLearner,
    Boosting,
    Forest,
    SourceModel,
    MaskFraction,
    TrainSubset,
    TestSubset,
    Seed,
}
