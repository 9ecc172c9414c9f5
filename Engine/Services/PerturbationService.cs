using System.Diagnostics;
using ExplainHub.Engine.Data;
using ExplainHub.Engine.Jobs;
using ExplainHub.Engine.Models;
using ExplainHub.Engine.Networks;
using ExplainHub.Engine.Perturbation;
using ExplainHub.Engine.Training;
using ExplainHub.Shared;
using static TorchSharp.torch;

namespace ExplainHub.Engine.Services;

/// <summary>
/// Seed 004's learned perturbations: a U-Net autoencoder trained, then fine-tuned through a frozen classifier, as a
/// job with progress and cancellation; the result is a combined model in the store like any other network. Also
/// what a combined model's autoencoder makes of one image (Fig. 4.1).
/// </summary>
public sealed class PerturbationService(EngineOptions options, DatasetCatalog datasets, ModelStore models, JobRunner jobs, TorchRuntimeService runtime)
{
    private readonly CheckpointResumes resumes = new(jobs);

    public JobInfo Start(PerturbationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Problems() is { Count: > 0 } problems)
        {
            throw new EngineException(EngineErrorKind.InvalidRequest, string.Join(" ", problems));
        }

        var settings = Settings(request);
        var widths = Widths(request.Widths);
        var classifier = ClassifierOf(request.ClassifierModelId);
        var dataset = datasets.Get(classifier.Info.DatasetId); // loads now, so a missing data set fails the call, not the job
        ImageSelection.CheckShape(classifier, dataset);
        runtime.EnsureStarted();
        return jobs.StartPerturbation(request, job => Run(job, classifier, dataset, settings, widths, null)).Info;
    }

    /// <summary>Whether <paramref name="checkpointId"/> is an autoencoder run's checkpoint (else it may be a training run's).</summary>
    public bool IsCheckpoint(string checkpointId) => Checkpoint(checkpointId)?.Perturbation is not null;

    /// <summary>Goes on with a cancelled or crashed run from its last finished epoch, through the same classifier.</summary>
    public JobInfo Resume(string checkpointId)
    {
        var state = Checkpoint(checkpointId)
            ?? throw new EngineException(EngineErrorKind.NotFound, $"No checkpoint '{checkpointId}'. List checkpoints to see what can be resumed.");
        var request = state.Perturbation
            ?? throw new EngineException(EngineErrorKind.InvalidRequest, $"Checkpoint '{checkpointId}' is a training run's, not an autoencoder run's.");
        if (state.EpochsDone >= request.ReconstructionEpochs + request.FineTuneEpochs)
        {
            throw new EngineException(EngineErrorKind.InvalidRequest, $"Checkpoint '{checkpointId}' has both phases done.");
        }

        var classifier = ClassifierOf(request.ClassifierModelId);
        var dataset = datasets.Get(classifier.Info.DatasetId);
        runtime.EnsureStarted();
        return resumes.Start(checkpointId, () => jobs.StartPerturbation(request, job => Run(job, classifier, dataset, Settings(request), Widths(request.Widths), state))).Info;
    }

    // Ids are job ids (letters, digits, dashes): anything else could walk out of the checkpoints folder.
    private CheckpointInfo? Checkpoint(string checkpointId) =>
        Data.Import.DatasetIds.IsValid(checkpointId) ? Folder(checkpointId).Read() : null;

    private TrainingCheckpoints Folder(string id) => new(Path.Combine(options.ResolveDataDirectory(), "checkpoints", id));

    /// <summary>The input, the autoencoder's output and the stretched |output − input| of one image for a combined model.</summary>
    public PerturbedImage Perturb(PerturbationImageRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = models.Get(request.ModelId);
        if (model is not ConvNetClassifier { Perturbed: not null } combined)
        {
            throw new EngineException(EngineErrorKind.InvalidRequest,
                $"Model '{request.ModelId}' is a {model.Info.Kind}, not a combined model: only a {ModelKinds.AutoencoderPerturbed} model (made by a perturbation run) has an autoencoder to show.");
        }

        var image = request.Upload is { } upload
            ? ImagesToExplain.FromUploads(model, [upload])
            : ImagesToExplain.FromSplit(model, datasets, model.Info.DatasetId, request.Split, [request.Index]);
        var output = combined.Network.Transform(image.Scaled);
        using var scope = NewDisposeScope();
        var shape = new long[] { 1, model.Channels, model.Height, model.Width };
        var inputs = TensorData.From(image.Scaled, shape);
        var outputs = TensorData.From(output, shape);
        var difference = TensorData.ToFloats(DifferenceMap.Of(inputs, outputs));
        var largest = (outputs - inputs).abs().max().item<float>();
        var subject = request.Upload is null
            ? $"{request.Split.ToString().ToLowerInvariant()} image {request.Index} ({model.Info.ClassNames[image.Labels[0]]})"
            : "the uploaded image";
        return new PerturbedImage(model.Info.Id, subject, model.Channels, model.Height, model.Width, image.Scaled, output, difference, largest,
            request.Upload is null ? image.Labels[0] : null);
    }

    private static PerturbationSettings Settings(PerturbationRequest request) => new(
        request.ReconstructionEpochs, request.FineTuneEpochs, request.BatchSize, request.LearningRate, request.ReconstructionWeight,
        request.TrainSubset, request.IncludeTestImages, request.Seed);

    // Checked already (PerturbationRequest.Problems).
    private static long[] Widths(IReadOnlyList<int>? widths) => widths is null ? [.. UNetAutoencoder.DefaultWidths] : widths.Select(w => (long)w).ToArray();

    private ConvNetClassifier ClassifierOf(string id)
    {
        IClassifier? model;
        try
        {
            model = models.Get(id);
        }
        catch (EngineException e) when (e.Kind == EngineErrorKind.NotFound)
        {
            model = null;
        }

        PerturbationPlan.CheckClassifier(model?.Info, id);
        return (ConvNetClassifier)model!;
    }

    private string? Run(TrainingJob job, ConvNetClassifier classifier, IDataset dataset, PerturbationSettings settings, long[] widths, CheckpointInfo? resumeFrom)
    {
        var request = job.Info.Perturbation!;
        var source = classifier.Info;
        TorchRuntime.Configure(0, settings.Seed);
        var info = new ModelInfo(
            "m-" + Guid.NewGuid().ToString("N")[..12],
            // A run that saw test images says so in its name too, whatever name it was given: its figures travel with it.
            (request.Name ?? $"U-Net → {source.Name}") + (settings.IncludeTestImages ? " · full (test images trained on)" : ""),
            ModelKinds.AutoencoderPerturbed, source.DatasetId, source.ClassNames, null, 0, DateTimeOffset.UtcNow);
        var combined = ConvNetClassifier.CreatePerturbed(info, source.Kind, widths, classifier.Channels, classifier.Height, classifier.Width);
        var stored = false;
        try
        {
            // The run freezes its classifier for good, so it gets its own copy of the trained weights, inside the combined model.
            var state = combined.Network.State().ToDictionary(t => t.Name, StringComparer.Ordinal);
            foreach (var tensor in classifier.Network.State())
            {
                state["classifier." + tensor.Name] = tensor with { Name = "classifier." + tensor.Name };
            }

            combined.Network.SetState(state);
            var network = (PerturbedNetwork)combined.Network.Module;
            var progress = new PerturbationJobProgress(job, settings);
            var folder = Folder(resumeFrom?.Id ?? job.Id);
            var checkpoints = new PerturbationCheckpoints(folder, request, source.DatasetId, resumeFrom);
            var report = new PerturbationRun(network.Autoencoder, network.Classifier, classifier.Height, classifier.Width)
                .Run(dataset.Train, dataset.Test, settings, progress.Report, checkpoints, job.CancellationToken);
            var facts = new PerturbationFacts(source.Id, source.Kind, widths.Select(w => (int)w).ToArray(), settings.ReconstructionEpochs,
                settings.FineTuneEpochs, settings.ReconstructionWeight, report.ClassifierTrainAccuracy, report.ClassifierTestAccuracy,
                report.CombinedTrainAccuracy, report.CombinedTestAccuracy, report.ReconstructionSeconds, report.FineTuneSeconds,
                report.TrainImages, report.TestImages, report.TrainedOnTestImages);
            job.Report(progress.Final(report));
            models.Add(combined.WithInfo(combined.Info with
            {
                TestAccuracy = report.CombinedTestAccuracy,
                Facts = new ModelFacts(SourceModelId: source.Id, Perturbation: facts),
            }));
            stored = true;

            // Only once the model is stored: a save that fails (a full disk) leaves the run's last checkpoint on disk. A
            // cancelled or failed run keeps its checkpoint to resume.
            folder.Delete();
            return combined.Info.Id;
        }
        catch
        {
            // A stored model is the store's now (a checkpoint that could not be deleted must not break it).
            if (!stored)
            {
                combined.Dispose();
            }

            throw;
        }
    }
}
