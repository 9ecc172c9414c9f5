using ExplainHub.Engine.Data;
using ExplainHub.Engine.Jobs;
using ExplainHub.Engine.Models;
using ExplainHub.Engine.Models.Classical;
using ExplainHub.Engine.Networks;
using ExplainHub.Engine.Training;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Services;

/// <summary>
/// Training as jobs: networks and classical models, sweeps, checkpoints and resume. A finished (or a cancelled but
/// partly trained) network joins the model store; a cancelled run keeps its checkpoint so it can go on later.
/// </summary>
public sealed class TrainingService(EngineOptions options, DatasetCatalog datasets, ModelStore models, JobRunner jobs, TorchRuntimeService runtime)
{
    private readonly CheckpointResumes resumes = new(jobs);

    public JobInfo Start(TrainRequest request)
    {
        TrainRequestCheck.Check(request);
        CheckSource(request);
        var dataset = datasets.Get(request.DatasetId); // loads now, so a missing data set fails the call, not the job
        runtime.EnsureStarted();
        return jobs.Start(request, job => Train(job, dataset)).Info;
    }

    public JobInfo StartSweep(SweepRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        TrainRequestCheck.Check(request.Base);
        SweepSettings.Check(request);
        var family = FamilyFor(request.Base.ModelKind)!;
        CheckSource(request.Base);
        var dataset = datasets.Get(request.Base.DatasetId);
        runtime.EnsureStarted();
        return jobs.Start(request.Base, job => Sweep(job, request, family, dataset), request).Info;
    }

    public IReadOnlyList<CheckpointInfo> ListCheckpoints()
    {
        var root = Path.Combine(options.ResolveDataDirectory(), "checkpoints");
        return Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(d => new TrainingCheckpoints(d).Read()).OfType<CheckpointInfo>()
                .OrderByDescending(c => c.Saved).ToArray()
            : [];
    }

    /// <summary>
    /// Goes on with a run from its checkpoint; one whose epochs are all done (its run ended before its model could be
    /// stored, e.g. on a full disk) stores that model.
    /// </summary>
    public JobInfo Resume(string checkpointId)
    {
        // Ids are job ids (letters, digits, dashes): anything else could walk out of the checkpoints folder.
        var state = (Data.Import.DatasetIds.IsValid(checkpointId) ? Checkpoints(checkpointId).Read() : null)
            ?? throw new EngineException(EngineErrorKind.NotFound, $"No checkpoint '{checkpointId}'. List checkpoints to see what can be resumed.");
        var dataset = datasets.Get(state.Request.DatasetId);
        runtime.EnsureStarted();
        return resumes.Start(checkpointId, () => jobs.Start(state.Request, job => Train(job, dataset, state))).Info;
    }

    private string? Train(TrainingJob job, IDataset dataset, CheckpointInfo? resumeFrom = null)
    {
        var request = job.TrainRequest;
        var info = dataset.Info;
        var classes = info.ClassNames.Count;
        var train = request.TrainSubset is { } n ? dataset.Train.StratifiedSubset(n, classes) : dataset.Train;
        var test = request.TestSubset is { } m ? dataset.Test.StratifiedSubset(m, classes) : dataset.Test;
        TorchRuntime.Configure(0, request.Seed);
        if (FamilyFor(request.ModelKind) is { } family)
        {
            return TrainClassical(job, family, info, train, test);
        }

        var modelInfo = new ModelInfo(
            "m-" + Guid.NewGuid().ToString("N")[..12],
            request.Name ?? $"{request.ModelKind} · {info.Name} · {request.Epochs} ep",
            request.ModelKind, info.Id, info.ClassNames, null, 0, DateTimeOffset.UtcNow);
        var model = ConvNetClassifier.Create(modelInfo, info.Channels, info.Height, info.Width);
        var checkpoints = Checkpoints(resumeFrom?.Id ?? job.Id);
        ImageSet? validation = null;
        if (request.EarlyStoppingPatience is not null)
        {
            // The data set's own validation split, or a held-out part of the training images.
            (train, validation) = dataset.Validation.Count > 0 ? (train, dataset.Validation) : train.HoldOut(request.ValidationFraction, classes);
        }

        var stored = false;
        try
        {
            var outcome = new ConvNetTrainer().Train(model, train, test, request, job.Id, job.Report, job.CancellationToken, checkpoints, resumeFrom, validation);
            if (outcome.Cancelled && outcome.EpochsCompleted == 0)
            {
                model.Dispose();
                return null;
            }

            // A run stopped after some epochs is still a model worth looking at.
            models.Add(model.WithInfo(model.Info with { TestAccuracy = outcome.TestAccuracy }));
            stored = true;
            if (!outcome.Cancelled)
            {
                // Every epoch trained: a cancel during the last measuring came too late to make it a cancelled run.
                job.MarkRanToEnd();

                // Only once the model is stored: a save that fails (a full disk) leaves the run's last checkpoint on disk.
                checkpoints.Delete(); // a cancelled run keeps its checkpoint to resume
            }

            return model.Info.Id;
        }
        catch
        {
            // A stored model is the store's now (a checkpoint that could not be deleted must not break it).
            if (!stored)
            {
                model.Dispose();
            }

            throw;
        }
    }

    private static string? Sweep(TrainingJob job, SweepRequest request, IModelFamily family, IDataset dataset)
    {
        var info = dataset.Info;
        var classes = info.ClassNames.Count;
        var train = request.Base.TrainSubset is { } n ? dataset.Train.StratifiedSubset(n, classes) : dataset.Train;
        var test = request.Base.TestSubset is { } m ? dataset.Test.StratifiedSubset(m, classes) : dataset.Test;
        TorchRuntime.Configure(0, request.Base.Seed);
        var modelInfo = new ModelInfo("sweep", $"{request.Base.ModelKind} sweep", request.Base.ModelKind, info.Id, info.ClassNames, null, 0, DateTimeOffset.UtcNow);
        new ClassicalSweep().Run(request, family, modelInfo, new ImageShape(info.Channels, info.Height, info.Width), train, test,
            job.Id, job.Report, job.CancellationToken);
        return null;
    }

    private string TrainClassical(TrainingJob job, IModelFamily family, DatasetInfo info, ImageSet train, ImageSet test)
    {
        var request = job.TrainRequest;
        var modelInfo = new ModelInfo(
            "m-" + Guid.NewGuid().ToString("N")[..12],
            request.Name ?? $"{request.ModelKind} · {info.Name} · {train.Count} images",
            request.ModelKind, info.Id, info.ClassNames, null, 0, DateTimeOffset.UtcNow);
        var outcome = new ClassicalTrainer().Train(family, modelInfo, new ImageShape(info.Channels, info.Height, info.Width), train, test,
            request.Classical ?? new ClassicalOptions(), job.Id, job.Report, job.CancellationToken);
        var model = (ClassicalClassifier)outcome.Model;
        try
        {
            models.Add(model.WithInfo(model.Info with { TestAccuracy = outcome.TestAccuracy, Facts = ModelFactsOf.Model(model) }));
            return model.Info.Id;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private TrainingCheckpoints Checkpoints(string id) => new(Path.Combine(options.ResolveDataDirectory(), "checkpoints", id));

    /// <summary>The family of a classical kind; a hybrid gets this engine's models to build on.</summary>
    private IModelFamily? FamilyFor(string kind) => ClassicalFamilies.Find(kind) switch
    {
        ISourcedFamily sourced => sourced.WithSources(models.Get),
        var family => family,
    };

    /// <summary>A hybrid's network must exist before its job is queued, so the error reaches the caller, not the job.</summary>
    private void CheckSource(TrainRequest request)
    {
        if (ClassicalFamilies.Find(request.ModelKind) is ISourcedFamily)
        {
            SourceNetwork.Find(models.Get, request.Classical?.SourceModelId, request.ModelKind);
        }
    }
}
