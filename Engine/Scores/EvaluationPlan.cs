using ExplainHub.Engine.Data;
using ExplainHub.Engine.Explain;
using ExplainHub.Engine.Models;
using ExplainHub.Engine.Services;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Scores;

/// <summary>One explainer of an evaluation, resolved: its model, function and checked parameters, and its row name.</summary>
public sealed record PlannedExplainer(Explainer Explainer, IClassifier Model, IImportanceFunction Function, MethodSettings Settings)
{
    /// <summary>The function with the parameters given, without the model: a leaderboard's row.</summary>
    public string RowName => Explainer.Label[(Explainer.ModelId.Length + 1)..];
}

/// <summary>
/// An evaluation request after every check that can be made before work starts — models, functions and their
/// parameters, agreements, bases, ρ, growth limit, kernel, images — so that a bad request is refused when it is
/// made, not minutes into a job.
/// </summary>
public sealed record EvaluationPlan(
    EvaluationRequest Request,
    IReadOnlyList<PlannedExplainer> Explainers,
    IReadOnlyList<IReadOnlyList<int>> Agreements,
    IReadOnlyList<int> Indices,
    IReadOnlyList<string> Bases,
    IReadOnlyList<double> Rhos,
    ScoreTarget Target,
    BlurKernel Blur)
{
    public const int MaxExplainers = 64;

    public static EvaluationPlan Check(EvaluationRequest request, ModelStore models, DatasetCatalog datasets, IReadOnlyList<IImportanceFunction> functions)
    {
        if (request.Explainers is not { Count: >= 1 and <= MaxExplainers })
        {
            throw Invalid($"An evaluation scores 1 to {MaxExplainers} explainers, not {request.Explainers?.Count ?? 0}.");
        }

        var dataset = datasets.Get(request.DatasetId);
        var part = dataset.Part(request.Split);
        var indices = Images(request, part.Count);
        var explainers = request.Explainers.Select(e => Resolve(e, models, dataset, functions)).ToArray();
        var duplicate = explainers.GroupBy(e => e.Explainer.Label).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw Invalid($"{duplicate.Key} is listed twice.");
        }

        var bases = request.BasesOrDefault.Distinct(StringComparer.Ordinal).ToArray();
        if (bases.FirstOrDefault(b => !BaseImageKinds.All.Contains(b)) is { } unknown)
        {
            throw Invalid($"Unknown base image '{unknown}'; known: {string.Join(", ", BaseImageKinds.All)}.");
        }

        var rhos = request.RhosOrDefault.Distinct().ToArray();
        if (rhos.Where(r => !(r > 0 && r <= 1)).ToArray() is [var bad, ..])
        {
            throw Invalid($"ρ is the share of pixels in a mask: within (0, 1], not {bad.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        }

        if (request.MaxGrowths is < 0 or > EvaluationRequest.MaxGrowthLimit)
        {
            throw Invalid($"The growth limit must be 0 to {EvaluationRequest.MaxGrowthLimit}, not {request.MaxGrowths}.");
        }

        if (request.CurveSteps is < 0 or > EvaluationRequest.MaxCurveSteps)
        {
            throw Invalid($"Deletion/insertion curves take 1 to {EvaluationRequest.MaxCurveSteps} steps (0: none), not {request.CurveSteps}.");
        }

        var blur = request.Blur ?? new BlurKernel();
        if (blur.Problem() is { } problem)
        {
            throw Invalid(char.ToUpperInvariant(problem[0]) + problem[1..] + ".");
        }

        var target = request.Target ?? ScoreTarget.TrueClass;
        var classes = dataset.Info.ClassNames.Count;
        if (target.Kind == ScoreTargetKind.FixedClass && !(target.Class is { } fixedClass && fixedClass >= 0 && fixedClass < classes))
        {
            throw Invalid($"The class to score must be 0 to {classes - 1}, not {target.Class?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}.");
        }

        return new EvaluationPlan(request, explainers, CheckAgreements(request, explainers), indices, bases, rhos, target, blur);
    }

    private static IReadOnlyList<int> Images(EvaluationRequest request, int available)
    {
        if (request.Indices is { Count: > 0 } given)
        {
            if (given.Count > EvaluationRequest.MaxImages)
            {
                throw Invalid($"An evaluation takes at most {EvaluationRequest.MaxImages} images, not {given.Count}.");
            }

            ImageSelection.CheckIndices(given, available, request.Split, EvaluationRequest.MaxImages);
            return given;
        }

        if (request.Images is < 1 or > EvaluationRequest.MaxImages)
        {
            throw Invalid($"An evaluation takes 1 to {EvaluationRequest.MaxImages} images, not {request.Images}.");
        }

        if (available == 0)
        {
            throw Invalid($"The {request.Split.ToString().ToLowerInvariant()} split of {request.DatasetId} has no images.");
        }

        // Spread evenly over the split, so the images do not all come from its first classes.
        var count = Math.Min(request.Images, available);
        return Enumerable.Range(0, count).Select(k => (int)((long)k * available / count)).ToArray();
    }

    private static PlannedExplainer Resolve(Explainer explainer, ModelStore models, IDataset dataset, IReadOnlyList<IImportanceFunction> functions)
    {
        var model = models.Get(explainer.ModelId);
        ImageSelection.CheckShape(model, dataset);
        var function = functions.FirstOrDefault(f => f.Info.Name == explainer.Method)
            ?? throw Invalid($"Unknown explanation method '{explainer.Method}'. Known: {string.Join(", ", functions.Select(f => f.Info.Name))}.");
        if (function.WhyNot(model) is { } why)
        {
            throw Invalid($"{explainer.Method} does not apply to model '{model.Info.Id}': {why}.");
        }

        var settings = MethodSettings.Resolve(function.Info, explainer.Parameters);
        function.CheckFor(model, settings);
        return new PlannedExplainer(explainer, model, function, settings);
    }

    private static IReadOnlyList<IReadOnlyList<int>> CheckAgreements(EvaluationRequest request, IReadOnlyList<PlannedExplainer> explainers)
    {
        var agreements = new List<IReadOnlyList<int>>();
        foreach (var members in request.Agreements ?? [])
        {
            var distinct = (members ?? []).Distinct().ToArray();
            if (distinct.Length is < 2 or > 3 || distinct.Length != members!.Count)
            {
                throw Invalid($"An agreement intersects the masks of 2 or 3 different explainers, not [{string.Join(", ", members ?? [])}].");
            }

            if (distinct.Where(i => i < 0 || i >= explainers.Count).ToArray() is [var outside, ..])
            {
                throw Invalid($"Agreement member {outside} is not an explainer: they are numbered 0 to {explainers.Count - 1}.");
            }

            if (distinct.Select(i => explainers[i].Explainer.ModelId).Distinct(StringComparer.Ordinal).Count() > 1)
            {
                throw Invalid($"An agreement compares functions on one model; {string.Join(" and ", distinct.Select(i => explainers[i].Explainer.Label))} are on different models.");
            }

            agreements.Add(distinct);
        }

        return agreements;
    }

    private static EngineException Invalid(string message) => new(EngineErrorKind.InvalidRequest, message);
}
