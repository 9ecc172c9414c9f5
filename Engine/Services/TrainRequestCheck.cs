using ExplainHub.Engine.Models.Classical;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Services;

/// <summary>The bounds a training request must keep, checked before a job is queued so the caller gets the error.</summary>
public static class TrainRequestCheck
{
    public static void Check(TrainRequest request)
    {
        if (!ModelKinds.IsNetwork(request.ModelKind) && ClassicalFamilies.Find(request.ModelKind) is null)
        {
            var known = string.Join(", ", [.. ModelKinds.Networks, .. ClassicalFamilies.All.Select(f => f.Kind)]);
            throw new EngineException(EngineErrorKind.InvalidRequest, $"Unknown model kind '{request.ModelKind}'. Known: {known}.");
        }

        if (request.Classical is { } classical)
        {
            ClassicalOptionsValidator.Check(classical);
        }

        if (request.Epochs is < 1 or > 1000)
        {
            throw new EngineException(EngineErrorKind.InvalidRequest, $"Epochs must be 1..1000, not {request.Epochs}.");
        }

        if (request.Momentum is < 0 or >= 1 || request.WeightDecay is < 0 or > 1 || !double.IsFinite(request.Momentum + request.WeightDecay))
        {
            throw new EngineException(EngineErrorKind.InvalidRequest,
                $"Momentum must be in [0, 1) and weight decay in [0, 1], not {request.Momentum} and {request.WeightDecay}.");
        }

        if (request.EarlyStoppingPatience is < 1 || request.ValidationFraction is <= 0 or >= 1)
        {
            throw new EngineException(EngineErrorKind.InvalidRequest,
                $"Early-stopping patience must be at least 1 epoch and the validation fraction in (0, 1), not {request.EarlyStoppingPatience} and {request.ValidationFraction}.");
        }

        if (request.Schedule == LearningRateSchedule.Step && (request.StepEpochs < 1 || !(request.StepFactor is > 0 and <= 1)))
        {
            throw new EngineException(EngineErrorKind.InvalidRequest,
                $"A step schedule needs at least 1 epoch per step and a factor in (0, 1], not {request.StepEpochs} and {request.StepFactor}.");
        }

        if (request.BatchSize is < 1 or > 4096)
        {
            throw new EngineException(EngineErrorKind.InvalidRequest, $"Batch size must be 1..4096, not {request.BatchSize}.");
        }

        if (!(request.LearningRate > 0 && request.LearningRate < 10))
        {
            throw new EngineException(EngineErrorKind.InvalidRequest, $"Learning rate must be in (0, 10), not {request.LearningRate}.");
        }

        if (request.Seed < 0)
        {
            throw new EngineException(EngineErrorKind.InvalidRequest, $"Seed must be non-negative, not {request.Seed}.");
        }

        if (request.Augment is { } a && !(a.RotationDegrees is >= 0 and <= 180 && a.MaxShiftPixels is >= 0 and <= 64))
        {
            throw new EngineException(EngineErrorKind.InvalidRequest,
                $"Augmentation needs a rotation of 0..180 degrees and a shift of 0..64 pixels, not {a.RotationDegrees}° and {a.MaxShiftPixels} px.");
        }

        if (request.TrainSubset is < 2 || request.TestSubset is < 1)
        {
            throw new EngineException(EngineErrorKind.InvalidRequest, "Subsets must hold at least two training and one test image.");
        }
    }
}
