namespace ExplainHub.Shared;

/// <summary>An importance function with parameters, as a preset lists it; <see cref="Key"/> names it for agreements.</summary>
public sealed record PresetFunction(string Key, string Method, IReadOnlyList<MethodParameter>? Parameters = null);

/// <summary>A preset's set of functions whose masks are intersected (by <see cref="PresetFunction.Key"/>).</summary>
public sealed record PresetAgreement(IReadOnlyList<string> Keys);

/// <summary>Named sets of functions and agreements to score.</summary>
public static class EvaluationPresets
{
    public const string Table1 = "table1";

    /// <summary>
    /// Seed 002 Table 1: occlusion with the seed's 10, 50 and 100 px patches on 227 px images as shares of the image
    /// side (4.4%, 22%, 44%; stride half the patch), gradient with 0, 2 and 5 dilations, c-MWP at its default layer —
    /// plus CAM and Grad-CAM, which the seed's networks did not have; the pairs grad(5)+occ(10), c-MWP+grad(5) and
    /// c-MWP+occ(10) (seed 002 §5.2). Each model gets those that apply to it.
    /// </summary>
    public static readonly IReadOnlyList<PresetFunction> Table1Functions =
    [
        new("occ10", ExplanationMethods.Occlusion, [new("patch", "4.4%"), new("stride", "2.2%")]),
        new("occ50", ExplanationMethods.Occlusion, [new("patch", "22%"), new("stride", "11%")]),
        new("occ100", ExplanationMethods.Occlusion, [new("patch", "44%"), new("stride", "22%")]),
        new("grad0", ExplanationMethods.Gradient, [new("dilations", "0")]),
        new("grad2", ExplanationMethods.Gradient, [new("dilations", "2")]),
        new("grad5", ExplanationMethods.Gradient, [new("dilations", "5")]),
        new("cam", ExplanationMethods.Cam),
        new("grad-cam", ExplanationMethods.GradCam),
        new("c-mwp", ExplanationMethods.ContrastiveExcitation),
    ];

    public static readonly IReadOnlyList<PresetAgreement> Table1Agreements =
    [
        new(["grad5", "occ10"]),
        new(["c-mwp", "grad5"]),
        new(["c-mwp", "occ10"]),
    ];
}

/// <summary>A preset's functions as explainers of some models: what an evaluation request takes, and what was left out.</summary>
/// <param name="Agreements">Indices into <see cref="Explainers"/>, one list per agreement whose members all apply to one model.</param>
/// <param name="Skipped">"model/method: why" for each function that does not apply to a model.</param>
/// <param name="Unknown">Methods no model's engine knows.</param>
public sealed record PresetExplainers(
    IReadOnlyList<Explainer> Explainers,
    IReadOnlyList<IReadOnlyList<int>> Agreements,
    IReadOnlyList<string> Skipped,
    IReadOnlyList<string> Unknown)
{
    /// <summary>
    /// Each model gets the functions that apply to it, in the preset's order, and the agreements whose members all
    /// apply to it (an agreement is always within one model: its masks intersect on that model's images).
    /// </summary>
    public static PresetExplainers Resolve(
        IReadOnlyList<(string ModelId, IReadOnlyList<MethodAvailability> Methods)> models,
        IReadOnlyList<PresetFunction> functions,
        IReadOnlyList<PresetAgreement> agreements)
    {
        var explainers = new List<Explainer>();
        var pairs = new List<IReadOnlyList<int>>();
        var skipped = new List<string>();
        var unknown = new List<string>();
        foreach (var (modelId, methods) in models)
        {
            var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var function in functions)
            {
                if (methods.FirstOrDefault(a => a.Method.Name == function.Method) is not { } availability)
                {
                    if (!unknown.Contains(function.Method))
                    {
                        unknown.Add(function.Method);
                    }

                    continue;
                }

                if (!availability.Applies)
                {
                    skipped.Add($"{modelId}/{function.Method}: {availability.Reason}");
                    continue;
                }

                numbers[function.Key] = explainers.Count;
                explainers.Add(new Explainer(modelId, function.Method, function.Parameters));
            }

            pairs.AddRange(agreements.Where(a => a.Keys.All(numbers.ContainsKey)).Select(a => (IReadOnlyList<int>)a.Keys.Select(k => numbers[k]).ToArray()));
        }

        return new PresetExplainers(explainers, pairs, skipped, unknown);
    }
}
