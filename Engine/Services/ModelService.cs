using ExplainHub.Engine.Data;
using ExplainHub.Engine.Evaluate;
using ExplainHub.Engine.Explain;
using ExplainHub.Engine.Jobs;
using ExplainHub.Engine.Models;
using ExplainHub.Engine.Models.Export;
using ExplainHub.Engine.Training;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Services;

/// <summary>Trained models: the list, predictions, classification reports, internal representations, export, import and deletion.</summary>
public sealed class ModelService(ModelStore models, DatasetCatalog datasets, TorchRuntimeService runtime, JobRunner jobs)
{
    public IReadOnlyList<ModelInfo> List() => models.List();

    /// <summary>
    /// Deletes a model, refused while a queued or running job reads it (an evaluation of it, an autoencoder trained
    /// through it). What was made from it stays: hybrids and combined models carry their own copy of the network, and
    /// evaluation results and checkpoints keep their numbers.
    /// </summary>
    public ModelInfo Delete(string modelId)
    {
        var model = models.Get(modelId);
        if (jobs.List().FirstOrDefault(j => j.State is JobState.Queued or JobState.Running && Reads(j, model.Info.Id)) is { } job)
        {
            throw new EngineException(EngineErrorKind.InvalidRequest,
                $"Model '{model.Info.Id}' is in use by {job.Kind.ToString().ToLowerInvariant()} job {job.Id}; cancel it or wait for it to end, then delete the model.");
        }

        return models.Remove(model.Info.Id);
    }

    private static bool Reads(JobInfo job, string modelId) =>
        job.ModelId == modelId
        || job.Evaluation?.Explainers.Any(e => e.ModelId == modelId) == true
        || job.Perturbation?.ClassifierModelId == modelId;

    public PredictionBatch Predict(PredictRequest request)
    {
        var (model, part) = ImageSelection.Resolve(models, datasets, request.ModelId, request.DatasetId, request.Split, request.Indices);
        var classes = model.Info.ClassNames.Count;
        var probabilities = model.PredictProbabilities(ImageSelection.Scaled(part, request.Indices), request.Indices.Count);
        var predictions = request.Indices.Select((index, i) =>
        {
            var row = probabilities.AsSpan(i * classes, classes).ToArray();
            return new Prediction(index, part.Labels[index], Evaluation.ArgMax(row), row);
        }).ToArray();
        return new PredictionBatch(model.Info.Id, classes, predictions);
    }

    public ClassificationReport Report(ReportRequest request, CancellationToken cancellationToken)
    {
        var model = models.Get(request.ModelId);
        var dataset = datasets.Get(request.DatasetId);
        ImageSelection.CheckShape(model, dataset);
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
    }

    /// <summary>A network's feature maps for the request's image; any other model's picture of what it learned.</summary>
    public ModelRepresentation Represent(RepresentationRequest request)
    {
        var model = models.Get(request.ModelId);
        if (model is not ConvNetClassifier network)
        {
            return InternalRepresentations.Of(model);
        }

        var image = request.Upload is { } upload
            ? ImagesToExplain.FromUploads(model, [upload])
            : ImagesToExplain.FromSplit(model, datasets, model.Info.DatasetId, request.Split, [request.Index ?? 0]);
        var subject = request.Upload is null
            ? $"{request.Split.ToString().ToLowerInvariant()} image {image.Indices[0]} ({model.Info.ClassNames[image.Labels[0]]})"
            : "the uploaded image";
        if (network.Perturbed is not null)
        {
            subject += " as the autoencoder returns it";
        }

        return InternalRepresentations.FeatureMaps(network, image.Scaled, subject);
    }

    public ModelExportResult Export(ModelExportRequest request)
    {
        var model = models.Get(request.ModelId) as ConvNetClassifier
            ?? throw new EngineException(EngineErrorKind.InvalidRequest,
                $"Model '{request.ModelId}' is not a network; export writes networks ({string.Join(", ", ModelKinds.Networks)}, {ModelKinds.AutoencoderPerturbed}) as safetensors.");
        try
        {
            return NetworkExport.Write(model, request.Directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The folder is the caller's choice (a file, read-only, a full disk): theirs to fix, said in the file system's words.
            throw new EngineException(EngineErrorKind.InvalidRequest, $"Model '{request.ModelId}' could not be written to '{request.Directory}': {ex.Message}", ex);
        }
    }

    public ModelInfo Import(ModelImportRequest request)
    {
        ConvNetClassifier model;
        try
        {
            runtime.EnsureStarted();
            model = NetworkExport.Read(request.Directory, "m-" + Guid.NewGuid().ToString("N")[..12], request.Name);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new EngineException(EngineErrorKind.InvalidRequest, ex.Message, ex);
        }

        var info = model.Info with { ParameterCount = model.Network.ParameterCount };
        models.Add(model.WithInfo(info));
        return info;
    }
}
