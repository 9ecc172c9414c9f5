namespace ExplainHub.Engine.Perturbation;

/// <summary>Epochs finished of each of seed 004's phases.</summary>
public readonly record struct PerturbationEpochs(int Reconstruction, int FineTune)
{
    public int Total => Reconstruction + FineTune;
}

/// <summary>
/// Where a <see cref="PerturbationRun"/> saves itself after every epoch, and what a resumed run goes on from: the
/// autoencoder and its optimiser (the classifier is frozen, so it needs no saving).
/// </summary>
public interface IPerturbationCheckpoints
{
    /// <summary>The epochs finished before this run; none for a new run.</summary>
    PerturbationEpochs Done { get; }

    /// <summary>Loads the autoencoder and optimiser state saved after <see cref="Done"/>.</summary>
    void Restore(AutoencoderTraining training);

    void Save(AutoencoderTraining training, PerturbationEpochs done);
}
