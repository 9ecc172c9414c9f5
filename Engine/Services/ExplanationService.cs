using ExplainHub.Engine.Data;
using ExplainHub.Engine.Explain;
using ExplainHub.Engine.Models;
using ExplainHub.Engine.Training;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Services;

/// <summary>Importance maps: which functions exist, and any of them on a model's images.</summary>
public sealed class ExplanationService(ModelStore models, DatasetCatalog datasets, IReadOnlyList<IImportanceFunction> functions)
{
    public IReadOnlyList<string> Methods => functions.Select(f => f.Method).ToArray();

    public ExplanationBatch Explain(ExplainRequest request)
    {
        var (model, part) = ImageSelection.Resolve(models, datasets, request.ModelId, request.DatasetId, request.Split, request.Indices);
        var function = functions.FirstOrDefault(f => f.Method == request.Method)
            ?? throw new EngineException(EngineErrorKind.InvalidRequest,
                $"Unknown explanation method '{request.Method}'. Known: {string.Join(", ", Methods)}.");
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
        var raw = function.Explain(model, ImageSelection.Scaled(part, request.Indices), targets);
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
    }
}
