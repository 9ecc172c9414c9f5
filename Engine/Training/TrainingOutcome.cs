namespace ExplainHub.Engine.Training;

/// <summary>What a finished (or cancelled) run achieved; throughput counts optimiser steps only, not evaluation.</summary>
public sealed record TrainingOutcome(int EpochsCompleted, double? TestAccuracy, double TrainImagesPerSecond, bool Cancelled)
{
    /// <summary>Set when early stopping ended the run: the epoch whose weights the model keeps.</summary>
    public int? BestEpoch { get; init; }
}
