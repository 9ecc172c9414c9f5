using ExplainHub.Engine.Data;
using ExplainHub.Engine.Explain;
using ExplainHub.Engine.Jobs;
using ExplainHub.Engine.Evaluate;
using ExplainHub.Engine.Models;
using ExplainHub.Engine.Models.Classical;
using ExplainHub.Engine.Models.Export;
using ExplainHub.Engine.Native;
using ExplainHub.Engine.Native.XGBoost;
using ExplainHub.Engine.Training;
using ExplainHub.Shared;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExplainHub.Engine;

/// <summary>
/// The engine in this process: data sets, the job runner, trained models and importance functions behind
/// <see cref="IEngine"/>. A singleton: it owns native handles. Every failure leaves as an <see cref="EngineException"/>.
/// </summary>
public sealed class EmbeddedEngine : IEngine, IDisposable
{
    public const int MaxImagesPerRequest = 1024;

    private readonly EngineOptions options;
    private readonly DatasetCatalog datasets;
    private readonly ModelStore models;
    private readonly JobRunner jobs;
    private readonly IReadOnlyList<IImportanceFunction> importanceFunctions = [new ClassActivationMap()];
    private readonly Lazy<TorchRuntimeDescription> runtime;

    public EmbeddedEngine(EngineOptions options, ILogger<EmbeddedEngine>? logger = null)
    {
        this.options = options;
        datasets = new DatasetCatalog(options);
        models = new ModelStore(options.ResolveDataDirectory());
        jobs = new JobRunner(logger ?? (ILogger)NullLogger.Instance);
        jobs.JobChanged += info => JobChanged?.Invoke(info);
        runtime = new Lazy<TorchRuntimeDescription>(StartRuntime);
    }

    /// <summary>Job state changes (queued, running, each epoch, finished), for hub broadcasts.</summary>
    public event Action<JobInfo>? JobChanged;

    public DatasetCatalog Datasets => datasets;

    public void RegisterDataset(IDataset dataset) => datasets.Register(dataset);

    public Task<EngineInfo> GetInfoAsync(CancellationToken cancellationToken = default) => Guard(() =>
    {
        var r = runtime.Value;
        return new EngineInfo(TorchRuntime.AbiVersion, r.TorchVersion, r.Device, r.CudaAvailable, r.Threads,
            [.. ModelKinds.Networks, .. ClassicalFamilies.All.Select(f => f.Kind)], importanceFunctions.Select(f => f.Method).ToArray());
    });

    public Task<DatasetInfo> ImportDatasetAsync(DatasetImportRequest request, CancellationToken cancellationToken = default) =>
        Guard(() =>
        {
            ArgumentNullException.ThrowIfNull(request);
            _ = runtime.Value; // image folders decode through the bridge
            return datasets.Import(request, _ => { }, cancellationToken);
        });

    public Task<JobInfo> StartImportAsync(DatasetImportRequest request, CancellationToken cancellationToken = default) => Guard(() =>
    {
        datasets.Check(request);
        _ = runtime.Value;
        return jobs.StartImport(request, job =>
        {
            var progress = new ImportProgress(job);
            return datasets.Import(request, progress.Read, job.CancellationToken).Id;
        }).Info;
    });

    public Task<IReadOnlyList<DatasetInfo>> ListDatasetsAsync(CancellationToken cancellationToken = default) =>
        Guard(datasets.List);

    public Task<ImageBatch> GetImagesAsync(ImagesRequest request, CancellationToken cancellationToken = default) => Guard(() =>
    {
        var dataset = datasets.Get(request.DatasetId);
        var part = dataset.Part(request.Split);
        CheckIndices(request.Indices, part.Count, request.Split);
        var selected = part.Select(request.Indices);
        var info = dataset.Info;
        return new ImageBatch(selected.Count, info.Channels, info.Height, info.Width, selected.Pixels, selected.Labels,
            request.Indices.ToArray());
    });

    public Task<JobInfo> StartTrainingAsync(TrainRequest request, CancellationToken cancellationToken = default) => Guard(() =>
    {
        CheckTrainRequest(request);
        CheckSource(request);
        var dataset = datasets.Get(request.DatasetId); // loads now, so a missing data set fails the call, not the job
        _ = runtime.Value;
        return jobs.Start(request, job => Train(job, dataset)).Info;
    });

    public Task<JobInfo> StartSweepAsync(SweepRequest request, CancellationToken cancellationToken = default) => Guard(() =>
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckTrainRequest(request.Base);
        SweepSettings.Check(request);
        var family = FamilyFor(request.Base.ModelKind)!;
        CheckSource(request.Base);
        var dataset = datasets.Get(request.Base.DatasetId);
        _ = runtime.Value;
        return jobs.Start(request.Base, job => Sweep(job, request, family, dataset), request).Info;
    });

    public Task<IReadOnlyList<CheckpointInfo>> ListCheckpointsAsync(CancellationToken cancellationToken = default) => Guard(() =>
    {
        var root = Path.Combine(options.ResolveDataDirectory(), "checkpoints");
        IReadOnlyList<CheckpointInfo> found = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(d => new TrainingCheckpoints(d).Read()).OfType<CheckpointInfo>()
                .OrderByDescending(c => c.Saved).ToArray()
            : [];
        return found;
    });

    public Task<JobInfo> ResumeTrainingAsync(string checkpointId, CancellationToken cancellationToken = default) => Guard(() =>
    {
        // Ids are job ids (letters, digits, dashes): anything else could walk out of the checkpoints folder.
        var state = (Data.Import.DatasetIds.IsValid(checkpointId) ? Checkpoints(checkpointId).Read() : null)
            ?? throw new EngineException(EngineErrorKind.NotFound, $"No checkpoint '{checkpointId}'. List checkpoints to see what can be resumed.");
        if (state.EpochsDone >= state.Request.Epochs)
        {
            throw new EngineException(EngineErrorKind.InvalidRequest, $"Checkpoint '{checkpointId}' has all {state.Request.Epochs} epochs done.");
        }

        var dataset = datasets.Get(state.Request.DatasetId);
        _ = runtime.Value;
        return jobs.Start(state.Request, job => Train(job, dataset, state)).Info;
    });

    public async IAsyncEnumerable<TrainingProgress> WatchJobAsync(
        string jobId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var job = jobs.Get(jobId);
        await foreach (var progress in job.WatchAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return progress;
        }
    }

    public Task<JobInfo> GetJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        Guard(() => jobs.Get(jobId).Info);

    public Task<IReadOnlyList<JobInfo>> ListJobsAsync(CancellationToken cancellationToken = default) => Guard(jobs.List);

    public Task<JobInfo> CancelJobAsync(string jobId, CancellationToken cancellationToken = default) => Guard(() =>
    {
        var job = jobs.Get(jobId);
        job.Cancel();
        return job.Info;
    });

    public Task<IReadOnlyList<ModelInfo>> ListModelsAsync(CancellationToken cancellationToken = default) => Guard(models.List);

    public Task<PredictionBatch> PredictAsync(PredictRequest request, CancellationToken cancellationToken = default) => Guard(() =>
    {
        var (model, part) = Resolve(request.ModelId, request.DatasetId, request.Split, request.Indices);
        var classes = model.Info.ClassNames.Count;
        var images = Scaled(part, request.Indices);
        var probabilities = model.PredictProbabilities(images, request.Indices.Count);
        var predictions = request.Indices.Select((index, i) =>
        {
            var row = probabilities.AsSpan(i * classes, classes).ToArray();
            return new Prediction(index, part.Labels[index], Evaluation.ArgMax(row), row);
        }).ToArray();
        return new PredictionBatch(model.Info.Id, classes, predictions);
    });

    public Task<ClassificationReport> ReportAsync(ReportRequest request, CancellationToken cancellationToken = default) => Guard(() =>
    {
        var model = models.Get(request.ModelId);
        var dataset = datasets.Get(request.DatasetId);
        CheckShape(model, dataset);
        var part = dataset.Part(request.Split);
        if (request.Limit is < 1)
        {
            throw new EngineException(EngineErrorKind.InvalidRequest, $"Limit must be positive, not {request.Limit}.");
        }

        if (request.Limit is { } limit && limit < part.Count)
        {
            part = part.Select(Enumerable.Range(0, limit).ToArray());
        }

        var predicted = Evaluation.PredictClasses(model, part, cancellationToken);
        return ClassificationReportBuilder.Build(model.Info.Id, dataset.Info.Id, request.Split, model.Info.ClassNames, part.Labels, predicted);
    });

    public Task<ModelExportResult> ExportModelAsync(ModelExportRequest request, CancellationToken cancellationToken = default) => Guard(() =>
    {
        var model = models.Get(request.ModelId) as ConvNetClassifier
            ?? throw new EngineException(EngineErrorKind.InvalidRequest,
                $"Model '{request.ModelId}' is not a network; export writes networks ({string.Join(", ", ModelKinds.Networks)}) as safetensors.");
        return NetworkExport.Write(model, request.Directory);
    });

    public Task<ModelInfo> ImportModelAsync(ModelImportRequest request, CancellationToken cancellationToken = default) => Guard(() =>
    {
        ConvNetClassifier model;
        try
        {
            _ = runtime.Value;
            model = NetworkExport.Read(request.Directory, "m-" + Guid.NewGuid().ToString("N")[..12], request.Name);
        }
        catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException)
        {
            throw new EngineException(EngineErrorKind.InvalidRequest, ex.Message, ex);
        }

        var info = model.Info with { ParameterCount = model.Network.ParameterCount };
        models.Add(model.WithInfo(info));
        return info;
    });

    public Task<ModelRepresentation> RepresentAsync(RepresentationRequest request, CancellationToken cancellationToken = default) =>
        Guard(() => InternalRepresentations.Of(models.Get(request.ModelId)));

    public Task<ExplanationBatch> ExplainAsync(ExplainRequest request, CancellationToken cancellationToken = default) => Guard(() =>
    {
        var (model, part) = Resolve(request.ModelId, request.DatasetId, request.Split, request.Indices);
        var function = importanceFunctions.FirstOrDefault(f => f.Method == request.Method)
            ?? throw new EngineException(EngineErrorKind.InvalidRequest,
                $"Unknown explanation method '{request.Method}'. Known: {string.Join(", ", importanceFunctions.Select(f => f.Method))}.");
        if (!function.AppliesTo(model))
        {
            throw new EngineException(EngineErrorKind.InvalidRequest, $"{request.Method} does not apply to a {model.Info.Kind} model.");
        }

        var classes = model.Info.ClassNames.Count;
        if (request.TargetClass is { } t && (t < 0 || t >= classes))
        {
            throw new EngineException(EngineErrorKind.InvalidRequest, $"Target class {t} is outside 0..{classes - 1}.");
        }

        var targets = Enumerable.Repeat((long)(request.TargetClass ?? -1), request.Indices.Count).ToArray();
        var raw = function.Explain(model, Scaled(part, request.Indices), targets);
        var pixels = raw.Height * raw.Width;
        var explanations = request.Indices.Select((index, i) =>
        {
            var map = raw.Maps.AsSpan(i * pixels, pixels);
            var probabilities = raw.Probabilities.AsSpan(i * classes, classes);
            var predicted = Evaluation.ArgMax(probabilities);
            return new Explanation(index, part.Labels[index], (int)raw.Targets[i], predicted, probabilities[predicted],
                raw.Height, raw.Width, Heatmap.Normalize(map), map.ToArray());
        }).ToArray();
        return new ExplanationBatch(model.Info.Id, function.Method, explanations);
    });

    public void Dispose()
    {
        jobs.Dispose();
        models.Dispose();
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

        try
        {
            var outcome = new ConvNetTrainer().Train(model, train, test, request, job.Id, job.Report, job.CancellationToken, checkpoints, resumeFrom, validation);
            if (!outcome.Cancelled)
            {
                checkpoints.Delete(); // the finished model is kept; a cancelled run keeps its checkpoint to resume
            }

            if (outcome.Cancelled && outcome.EpochsCompleted == 0)
            {
                model.Dispose();
                return null;
            }

            // A run stopped after some epochs is still a model worth looking at.
            models.Add(model.WithInfo(model.Info with { TestAccuracy = outcome.TestAccuracy }));
            return model.Info.Id;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private string? Sweep(TrainingJob job, SweepRequest request, IModelFamily family, IDataset dataset)
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

    private (IClassifier Model, ImageSet Part) Resolve(string modelId, string datasetId, DatasetSplit split, IReadOnlyList<int> indices)
    {
        var model = models.Get(modelId);
        var dataset = datasets.Get(datasetId);
        CheckShape(model, dataset);
        var part = dataset.Part(split);
        CheckIndices(indices, part.Count, split);
        return (model, part);
    }

    private static void CheckShape(IClassifier model, IDataset dataset)
    {
        var info = dataset.Info;
        if (info.Channels != model.Channels || info.Height != model.Height || info.Width != model.Width)
        {
            throw new EngineException(EngineErrorKind.InvalidRequest,
                $"Model '{model.Info.Id}' takes {model.Channels}×{model.Height}×{model.Width} images; data set '{info.Id}' has {info.Channels}×{info.Height}×{info.Width}.");
        }
    }

    private static float[] Scaled(ImageSet part, IReadOnlyList<int> indices)
    {
        var images = new float[indices.Count * part.ImageSize];
        for (var i = 0; i < indices.Count; i++)
        {
            part.CopyScaled(indices[i], images.AsSpan(i * part.ImageSize, part.ImageSize));
        }

        return images;
    }

    private static void CheckIndices(IReadOnlyList<int> indices, int count, DatasetSplit split)
    {
        if (indices.Count == 0 || indices.Count > MaxImagesPerRequest)
        {
            throw new EngineException(EngineErrorKind.InvalidRequest, $"Ask for 1 to {MaxImagesPerRequest} images, not {indices.Count}.");
        }

        foreach (var index in indices)
        {
            if (index < 0 || index >= count)
            {
                throw new EngineException(EngineErrorKind.InvalidRequest,
                    $"Image index {index} is outside the {split.ToString().ToLowerInvariant()} split (0..{count - 1}).");
            }
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

    private static void CheckTrainRequest(TrainRequest request)
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

    private TorchRuntimeDescription StartRuntime()
    {
        TorchRuntime.Configure(options.Threads > 0 ? options.Threads : Environment.ProcessorCount, options.Seed);
        return TorchRuntime.Describe();
    }

    private Task<T> Guard<T>(Func<T> action) => Task.Run(() =>
    {
        try
        {
            return action();
        }
        catch (NativeBridgeException ex)
        {
            throw new EngineException(EngineErrorKind.Native, ex.Message, ex);
        }
        catch (XGBoostException ex)
        {
            throw new EngineException(EngineErrorKind.Native, ex.Message, ex);
        }
        catch (DllNotFoundException ex)
        {
            throw new EngineException(EngineErrorKind.Unavailable, ex.Message, ex);
        }
    });
}
