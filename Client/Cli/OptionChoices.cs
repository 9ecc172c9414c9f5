using ExplainHub.Shared;

namespace ExplainHub.Client.Cli;

/// <summary>The fixed values an option takes, wherever it appears, for shell completion (the engine still checks them).</summary>
internal static class OptionChoices
{
    private static readonly Dictionary<string, string[]> Values = new()
    {
        ["kind"] = [.. ModelKinds.Networks, .. ModelKinds.Classical],
        ["format"] = ["fer2013", "cifar10", "stl10", "image-folder"],
        ["init"] = ["torch", "glorot"],
        ["schedule"] = ["constant", "cosine", "step"],
        ["optimizer"] = ["adam", "sgd"],
        ["kernel"] = ["linear", "poly", "rbf", "sigmoid"],
        ["weak-learner"] = ["xgboost", "cart"],
        ["boosting"] = ["samme", "samme.r"],
        ["forest"] = [.. ForestAlgorithms.All],
        ["split"] = ["test", "train", "validation"],
        ["colormap"] = [.. ColorMaps.All],
        ["bases"] = [.. BaseImageKinds.All],
        ["target"] = ["true", "predicted"],
        ["functions"] = [EvaluationPresets.Table1],
        ["method"] =
        [
            ExplanationMethods.Cam, ExplanationMethods.GradCam, ExplanationMethods.Gradient, ExplanationMethods.Excitation,
            ExplanationMethods.ContrastiveExcitation, ExplanationMethods.Occlusion,
            ExplanationMethods.Hadamard, ExplanationMethods.TreeContributions,
        ],
    };

    public static IReadOnlyList<string> For(string option) => Values.TryGetValue(option, out var values) ? values : [];
}
