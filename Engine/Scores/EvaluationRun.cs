using System.Diagnostics;
using ExplainHub.Engine.Data;
using ExplainHub.Engine.Explain;
using ExplainHub.Engine.Networks;
using ExplainHub.Engine.Services;
using ExplainHub.Shared;
using static TorchSharp.torch;

namespace ExplainHub.Engine.Scores;

/// <summary>Where an evaluation stands: steps done of all, and what the step just finished was.</summary>
public sealed record EvaluationStep(int Done, int Total, string What);

/// <summary>
/// Runs a checked <see cref="EvaluationPlan"/>, model by model: the images and p(I) once, every explainer's heat maps
/// once (reused by every base, ρ and agreement), per base image the base probabilities once, then per ρ the top-ρ
/// masks of every explainer, their SCG and CCG, and the intersections of the agreements' masks; with curve steps
/// asked for, every explainer's deletion and insertion curves on every base.
/// </summary>
public static class EvaluationRun
{
    /// <summary>Images an importance function explains per call: bounds the memory of gradient passes on large networks.</summary>
    public const int ExplainChunk = 50;

    public static EvaluationResult Run(EvaluationPlan plan, DatasetCatalog datasets, string id, Action<EvaluationStep> progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var request = plan.Request;
        var groups = plan.Explainers.Select((e, i) => (Explainer: e, Number: i)).GroupBy(x => x.Explainer.Model.Info.Id, StringComparer.Ordinal).ToArray();
        var perModelRows = groups.Sum(g => g.Count() + plan.Agreements.Count(a => plan.Explainers[a[0]].Model.Info.Id == g.Key));
        var curveSteps = plan.Request.CurveSteps;
        var total = plan.Explainers.Count + (perModelRows * plan.Bases.Count * plan.Rhos.Count) + (curveSteps > 0 ? plan.Explainers.Count * plan.Bases.Count : 0);
        var curves = new List<CurveRow>();
        var randomisation = new List<RandomisationRow>();
        total += plan.Request.Randomisation ? plan.Explainers.Count : 0;
        var done = 0;
        var rows = new List<ScoreRow>();
        foreach (var group in groups)
        {
            var model = group.First().Explainer.Model;
            var images = ImagesToExplain.FromSplit(model, datasets, request.DatasetId, request.Split, plan.Indices, EvaluationRequest.MaxImages);
            var count = plan.Indices.Count;
            using var scope = NewDisposeScope();
            var tensor = TensorData.From(images.Scaled, count, model.Channels, model.Height, model.Width);
            var probabilities = new ModelProbabilities(model);
            var original = probabilities.Of(tensor);
            var targets = Targets(plan.Target, images.Labels, original, probabilities.Classes);
            var heat = new Dictionary<int, float[]>();
            foreach (var (explainer, number) in group)
            {
                cancellationToken.ThrowIfCancellationRequested();
                heat[number] = HeatMaps(explainer, images.Scaled, count, targets, cancellationToken);
                progress(new EvaluationStep(++done, total, $"maps of {explainer.Explainer.Label}"));
                if (plan.Request.Randomisation)
                {
                    if (RandomisationCheck.Run(explainer, images.Scaled, count, targets, heat[number], cancellationToken) is { } row)
                    {
                        randomisation.Add(row);
                    }

                    progress(new EvaluationStep(++done, total, $"randomisation check of {explainer.Explainer.Label}"));
                }
            }

            var agreements = plan.Agreements.Where(a => plan.Explainers[a[0]].Model.Info.Id == group.Key).ToArray();
            var gain = new ConfidenceGain(probabilities, request.MaxGrowths);
            foreach (var kind in plan.Bases)
            {
                using var baseScope = NewDisposeScope();
                var batch = ScoringBatch.Create(probabilities, tensor, plan.Indices, targets, BaseImages.Make(kind, tensor, plan.Blur), original);
                if (curveSteps > 0)
                {
                    foreach (var (explainer, number) in group)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        curves.Add(DeletionInsertion.Measure(probabilities, batch, heat[number], curveSteps, group.Key, explainer.RowName, kind));
                        progress(new EvaluationStep(++done, total, $"deletion and insertion of {explainer.Explainer.Label}, {kind}"));
                    }
                }

                foreach (var rho in plan.Rhos)
                {
                    using var rhoScope = NewDisposeScope();
                    var masks = heat.ToDictionary(h => h.Key, h => ScoreMasks.TopRho(h.Value, count, model.Height, model.Width, rho));

                    // Every function's masks and every agreement's intersection, scored together (one stacked pass a step).
                    var sets = group.Select(e => (Function: e.Explainer.RowName, Labels: new[] { e.Explainer.Explainer.Label }, Masks: masks[e.Number]))
                        .Concat(agreements.Select(members => (
                            Function: string.Join("+", members.Select(m => plan.Explainers[m].RowName)),
                            Labels: members.Select(m => plan.Explainers[m].Explainer.Label).ToArray(),
                            Masks: ScoreMasks.Intersect(members.Select(m => masks[m]).ToArray()))))
                        .ToArray();
                    cancellationToken.ThrowIfCancellationRequested();
                    var scored = gain.ScoreTogether(batch, sets.Select(s => s.Masks).ToArray(), cancellationToken);
                    for (var k = 0; k < sets.Length; k++)
                    {
                        rows.Add(new ScoreRow(group.Key, sets[k].Function, sets[k].Labels, kind, rho, ScoreStatistics.Summarize(scored[k]), scored[k]));
                        var what = sets[k].Labels.Length == 1 ? sets[k].Labels[0] : $"{group.Key}/{sets[k].Function}";
                        progress(new EvaluationStep(++done, total, $"{what}, {kind}, ρ {rho:0.##}"));
                    }
                }
            }
        }

        var name = string.IsNullOrWhiteSpace(request.Name)
            ? $"{string.Join(", ", groups.Select(g => g.Key))} on {plan.Indices.Count} {request.Split.ToString().ToLowerInvariant()} images"
            : request.Name.Trim();
        return new EvaluationResult(id, name, request, DateTimeOffset.UtcNow, plan.Indices, rows, clock.Elapsed.TotalSeconds, curves,
            randomisation);
    }

    private static long[] Targets(ScoreTarget target, IReadOnlyList<int> labels, float[] probabilities, int classes) => target.Kind switch
    {
        ScoreTargetKind.TrueClass => labels.Select(l => (long)l).ToArray(),
        ScoreTargetKind.Predicted => labels.Select((_, i) => (long)Training.Evaluation.ArgMax(probabilities.AsSpan(i * classes, classes))).ToArray(),
        _ => labels.Select(_ => (long)target.Class!.Value).ToArray(),
    };

    // H of every image for the scored class, in chunks; checked to be at the model's input resolution. With
    // `model`, the explainer's function runs on that model instead (a randomised copy of the explainer's).
    internal static float[] HeatMaps(PlannedExplainer explainer, float[] images, int count, long[] targets, CancellationToken cancellationToken, Models.IClassifier? model = null)
    {
        model ??= explainer.Model;
        var pixels = model.Height * model.Width;
        var imageSize = model.Channels * pixels;
        var heat = new float[count * pixels];
        for (var start = 0; start < count; start += ExplainChunk)
        {
            var take = Math.Min(ExplainChunk, count - start);
            var input = new ImportanceInput(images.AsSpan(start * imageSize, take * imageSize).ToArray(), take, targets[start..(start + take)])
            {
                Cancellation = cancellationToken,
            };
            var maps = explainer.Function.Explain(model, input, explainer.Settings);
            if (maps.Height != model.Height || maps.Width != model.Width)
            {
                throw new EngineException(EngineErrorKind.Native,
                    $"{explainer.Explainer.Label} made {maps.Height}×{maps.Width} maps for {model.Height}×{model.Width} images.");
            }

            maps.Heat.CopyTo(heat.AsSpan(start * pixels, take * pixels));
        }

        return heat;
    }
}
