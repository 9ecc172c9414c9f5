using ExplainHub.Engine.Data;
using ExplainHub.Engine.Explain;
using ExplainHub.Engine.Explain.Agreement;
using ExplainHub.Engine.Models;
using ExplainHub.Engine.Networks;
using ExplainHub.Engine.Training;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Services;

/// <summary>Importance maps: which functions exist and apply to a model, and any of them on a model's images.</summary>
public sealed class ExplanationService(ModelStore models, DatasetCatalog datasets, IReadOnlyList<IImportanceFunction> functions)
{
    public IReadOnlyList<string> Methods => functions.Select(f => f.Info.Name).ToArray();

    /// <summary>Every function, whether it applies to the model and why not; Grad-CAM's layer lists the network's layers.</summary>
    public IReadOnlyList<MethodAvailability> Availability(string modelId)
    {
        var model = models.Get(modelId);
        return functions.Select(f =>
        {
            var why = f.WhyNot(model);
            return new MethodAvailability(Describe(f.Info, model), why is null, why);
        }).ToArray();
    }

    public ExplanationBatch Explain(ExplainRequest request, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var model = models.Get(request.ModelId);
        var images = request.Uploads is { } uploads
            ? ImagesToExplain.FromUploads(model, uploads)
            : ImagesToExplain.FromSplit(model, datasets, request.DatasetId, request.Split, request.Indices);
        var function = Function(request.Method);
        if (function.WhyNot(model) is { } why)
        {
            throw new EngineException(EngineErrorKind.InvalidRequest, $"{request.Method} does not apply to model '{model.Info.Id}': {why}.");
        }

        var settings = MethodSettings.Resolve(function.Info, request.Parameters);
        function.CheckFor(model, settings);
        var classes = model.Info.ClassNames.Count;
        if (request.TargetClass is { } t && (t < 0 || t >= classes))
        {
            throw new EngineException(EngineErrorKind.InvalidRequest, $"Target class {t} is outside 0..{classes - 1}.");
        }

        var count = images.Indices.Count;
        var targets = Enumerable.Repeat((long)(request.TargetClass ?? -1), count).ToArray();
        var maps = function.Explain(model, new ImportanceInput(images.Scaled, count, targets) { Cancellation = cancellationToken }, settings);
        var explanations = images.Indices.Select((index, i) =>
        {
            var probabilities = maps.Probabilities.AsSpan(i * classes, classes);
            var predicted = Evaluation.ArgMax(probabilities);
            return new Explanation(index, images.Labels[i], (int)maps.Targets[i], predicted, probabilities[predicted],
                maps.Height, maps.Width, maps.HeatOf(i).ToArray(), maps.RawOf(i).ToArray());
        }).ToArray();
        return new ExplanationBatch(model.Info.Id, function.Info.Name, explanations, settings.Used, images.Uploaded,
            images.Uploaded is null ? null : images.Notices);
    }

    /// <summary>Every explainer on the same images, then their pairwise agreement (<see cref="AgreementMatrix"/>).</summary>
    public AgreementResult Compare(AgreementRequest request, CancellationToken cancellationToken = default)
    {
        if (request.Explainers.Count is < 1 or > MaxExplainers)
        {
            throw new EngineException(EngineErrorKind.InvalidRequest, $"Compare 1 to {MaxExplainers} explainers, not {request.Explainers.Count}.");
        }

        if (!(request.Rho > 0 && request.Rho <= 1))
        {
            throw new EngineException(EngineErrorKind.InvalidRequest, $"ρ is the share of pixels in a top mask: within (0, 1], not {request.Rho}.");
        }

        var maps = new List<IReadOnlyList<float[]>>();
        (int Height, int Width)? size = null;
        foreach (var explainer in request.Explainers)
        {
            // Each explainer explains every image: a comparison left (Ctrl+C, a closed page) stops at the next one.
            var batch = Explain(new ExplainRequest(explainer.ModelId, request.DatasetId, request.Split, request.Indices, explainer.Method,
                request.TargetClass, explainer.Parameters, request.Uploads), cancellationToken);
            var first = batch.Explanations[0];
            size ??= (first.Height, first.Width);
            if (size != (first.Height, first.Width))
            {
                throw new EngineException(EngineErrorKind.InvalidRequest,
                    $"{explainer.Label} makes {first.Height}×{first.Width} maps, the first explainer {size.Value.Height}×{size.Value.Width}; compare models of one input size.");
            }

            maps.Add(batch.Explanations.Select(e => e.Heatmap).ToArray());
        }

        var (spearman, iou) = AgreementMatrix.Mean(maps, request.Rho);
        var n = request.Explainers.Count;
        IReadOnlyList<IReadOnlyList<double>> Rows(double[] m) =>
            Enumerable.Range(0, n).Select(r => (IReadOnlyList<double>)m.AsSpan(r * n, n).ToArray()).ToArray();
        return new AgreementResult(request.Explainers.Select(e => e.Label).ToArray(), maps[0].Count, request.Rho, Rows(spearman), Rows(iou));
    }

    /// <summary>Explainers one comparison may hold: each explains every image, so this bounds its work.</summary>
    public const int MaxExplainers = 16;

    private IImportanceFunction Function(string method) =>
        functions.FirstOrDefault(f => f.Info.Name == method)
        ?? throw new EngineException(EngineErrorKind.InvalidRequest, $"Unknown explanation method '{method}'. Known: {string.Join(", ", Methods)}.");

    // A network's layer names belong in the description of the parameter that takes one.
    private static MethodInfo Describe(MethodInfo method, IClassifier model) =>
        model is ConvNetClassifier network && method.Parameters.Any(p => p.Name == GradCam.LayerParameter)
            ? method with
            {
                Parameters = method.Parameters.Select(p => p.Name == GradCam.LayerParameter
                    ? p with { Kind = MethodParameterKind.Choice, Choices = [p.Default, .. p.Default == "last" ? [] : new[] { "last" }, .. network.Network.LayerNames] }
                    : p).ToArray(),
            }
            : method;
}
