using ExplainHub.Shared;

namespace ExplainHub.Engine.Training;

/// <summary>The learning rate of each batch of a run, from the request's schedule.</summary>
public sealed class LearningRatePlan(TrainRequest request, int batchesPerEpoch)
{
    /// <summary>The rate for <paramref name="batch"/> (0-based) of <paramref name="epoch"/> (1-based).</summary>
    public double At(int epoch, int batch) => request.Schedule switch
    {
        LearningRateSchedule.Cosine => Math.Max(1e-8, request.LearningRate * 0.5 * (1 + Math.Cos(Math.PI * Progress(epoch, batch)))),
        LearningRateSchedule.Step => request.LearningRate * Math.Pow(request.StepFactor, (epoch - 1) / request.StepEpochs),
        _ => request.LearningRate,
    };

    private double Progress(int epoch, int batch) =>
        (double)(((epoch - 1) * (long)batchesPerEpoch) + batch) / (request.Epochs * (long)batchesPerEpoch);
}
