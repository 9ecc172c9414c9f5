using System.Diagnostics;
using ExplainHub.Engine.Data;
using ExplainHub.Engine.Models;
using ExplainHub.Engine.Native;
using ExplainHub.Engine.Networks;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Training;

/// <summary>
/// Mini-batch training of a TorchSharp network: epochs, seeded reshuffling (torch.randperm), optimiser steps,
/// test accuracy after each epoch, and progress that a UI can draw live. Cancellation is honoured between
/// batches, so it takes effect within one batch.
/// </summary>
/// <param name="batchReportInterval">The least time between two batch reports (default <see cref="BatchReportInterval"/>).</param>
public sealed class ConvNetTrainer(TimeSpan? batchReportInterval = null)
{
    /// <summary>Batch reports are rate-limited so that a fast model does not flood the hub.</summary>
    public static readonly TimeSpan BatchReportInterval = TimeSpan.FromMilliseconds(250);

    private readonly TimeSpan reportInterval = batchReportInterval ?? BatchReportInterval;

    public TrainingOutcome Train(
        ConvNetClassifier model,
        ImageSet train,
        ImageSet test,
        TrainRequest request,
        string jobId,
        Action<TrainingProgress> report,
        CancellationToken cancellationToken,
        TrainingCheckpoints? checkpoints = null,
        CheckpointInfo? resumeFrom = null,
        ImageSet? validation = null)
    {
        if (request.Init == WeightInit.Glorot)
        {
            model.Network.Initialize("glorot");
        }

        if (request.StandardizeInputs)
        {
            var (mean, std) = train.ChannelStatistics(model.Channels);
            model.Network.SetInputNormalization(mean, std);
        }

        // Its own stream of draws (seed + 1), so augmenting does not change the batch order the seed gives.
        model.Network.SetAugmentation(request.Augment, request.Seed + 1L);
        if (request.Optimizer == OptimizerKind.Sgd)
        {
            model.Network.UseSgd(request.LearningRate, request.Momentum, request.WeightDecay);
        }
        else
        {
            model.Network.UseAdam(request.LearningRate, request.WeightDecay);
        }
        var batchSize = request.BatchSize;
        var batchesPerEpoch = (train.Count + batchSize - 1) / batchSize;
        var assembler = new BatchAssembler(train, batchSize);
        var plan = new LearningRatePlan(request, batchesPerEpoch);
        var learningRate = request.LearningRate;
        using var shuffler = new TorchGenerator(request.Seed);
        var firstEpoch = 1;
        var stopping = request.EarlyStoppingPatience is { } patience && validation is { Count: > 0 }
            ? new EarlyStopping(patience)
            : null;
        if (resumeFrom is not null && checkpoints is not null)
        {
            // Early stopping's best weights first, then the last epoch's over them.
            if (stopping is not null && resumeFrom.EarlyStopping is { } stoppedAt && checkpoints.RestoreBest(model, stoppedAt.BestEpoch))
            {
                stopping.Resume(stoppedAt, model);
            }

            // Weights, optimiser moments and augmentation draws come back from the checkpoint; the batch orders of the
            // finished epochs are drawn again so the generator stands where the interrupted run left it.
            checkpoints.Restore(model);
            for (var done = 0; done < resumeFrom.EpochsDone; done++)
            {
                shuffler.Permutation(train.Count);
            }

            firstEpoch = resumeFrom.EpochsDone + 1;
        }

        var trainClock = new Stopwatch();
        var sinceReport = Stopwatch.StartNew();
        long imagesSeen = 0;
        double? testAccuracy = resumeFrom?.TestAccuracy;
        var totalImages = (long)train.Count * (request.Epochs - firstEpoch + 1);

        for (var epoch = firstEpoch; epoch <= request.Epochs; epoch++)
        {
            // torch.randperm with a generator seeded like the request: a PyTorch loop with the same seed sees the
            // same batches, so the seed recipe is comparable image for image with the reference.
            var order = shuffler.Permutation(train.Count);
            double lossSum = 0;
            long correct = 0, seen = 0;
            for (var batch = 0; batch < batchesPerEpoch; batch++)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    // A cancel within an epoch keeps the last whole epoch: the weights its test accuracy was measured on
                    // and its checkpoint holds, not those of part of the next one.
                    if (batch > 0 && epoch > firstEpoch)
                    {
                        if (checkpoints is not null)
                        {
                            checkpoints.Restore(model);
                        }
                        else
                        {
                            testAccuracy = Evaluation.Accuracy(model, test, CancellationToken.None);
                        }
                    }

                    return new TrainingOutcome(epoch - firstEpoch, testAccuracy, Rate(imagesSeen, trainClock), Cancelled: true);
                }

                learningRate = plan.At(epoch, batch);
                if (request.Schedule != LearningRateSchedule.Constant)
                {
                    model.Network.SetLearningRate(learningRate);
                }

                // The clock covers batching and the step, as the reference's loop does; not evaluation or reporting.
                trainClock.Start();
                var indices = order.AsSpan(batch * batchSize, Math.Min(batchSize, train.Count - (batch * batchSize)));
                var (images, labels) = assembler.Gather(indices);
                var step = model.Network.TrainStep(images.Span, labels.Span);
                trainClock.Stop();
                lossSum += step.Loss * indices.Length;
                correct += step.Correct;
                seen += indices.Length;
                imagesSeen += indices.Length;

                if (sinceReport.Elapsed >= reportInterval || batch == batchesPerEpoch - 1)
                {
                    sinceReport.Restart();
                    var rate = Rate(imagesSeen, trainClock);
                    report(new TrainingProgress(jobId, TrainingPhase.Batch, epoch, request.Epochs, batch + 1, batchesPerEpoch,
                        lossSum / seen, (double)correct / seen, testAccuracy, rate,
                        rate > 0 ? (totalImages - imagesSeen) / rate : 0, JobState.Running, LearningRate: learningRate));
                }
            }

            // The epoch's measuring belongs to the epoch: a cancel that comes while it runs is honoured at the next batch,
            // so the epoch just trained is evaluated, checkpointed and kept rather than thrown away with the job.
            double? validationAccuracy = validation is { Count: > 0 } ? Evaluation.Accuracy(model, validation, CancellationToken.None) : null;
            var stop = stopping?.Observe(epoch, validationAccuracy!.Value, model) ?? false;
            if (stop)
            {
                stopping!.RestoreBest(model);
            }

            testAccuracy = Evaluation.Accuracy(model, test, CancellationToken.None);
            checkpoints?.Save(model, new CheckpointInfo(checkpoints.Id, request, epoch, testAccuracy, DateTimeOffset.UtcNow, stopping?.State),
                best: stopping?.BestEpoch == epoch);
            var epochRate = Rate(imagesSeen, trainClock);
            report(new TrainingProgress(jobId, TrainingPhase.Epoch, epoch, request.Epochs, batchesPerEpoch, batchesPerEpoch,
                lossSum / seen, (double)correct / seen, testAccuracy, epochRate,
                epochRate > 0 ? (totalImages - imagesSeen) / epochRate : 0, JobState.Running, ValidationAccuracy: validationAccuracy,
                LearningRate: learningRate));
            if (stop)
            {
                return new TrainingOutcome(epoch - firstEpoch + 1, testAccuracy, Rate(imagesSeen, trainClock), Cancelled: false)
                {
                    BestEpoch = stopping!.BestEpoch,
                };
            }
        }

        return new TrainingOutcome(request.Epochs - firstEpoch + 1, testAccuracy, Rate(imagesSeen, trainClock), Cancelled: false);
    }

    private static double Rate(long images, Stopwatch clock) =>
        clock.Elapsed.TotalSeconds > 0 ? images / clock.Elapsed.TotalSeconds : 0;
}
